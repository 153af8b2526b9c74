package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property that makes the reader trustworthy: whatever order a file's lines are in (a log merged from
 * several writers, a file sorted by hand), the conversations, turns, metrics and anomalies are the same.
 */
class PermutationTest {
  private static final int PERMUTATIONS = 150;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.NATIVE, Fixtures.VOICEMODE, Fixtures.REALTIME})
  void anyOrderOfAFilesLinesGivesIdenticalMetrics(String fixture) throws IOException {
    List<String> lines = Fixtures.lines(fixture);
    String name = fixture.substring(fixture.lastIndexOf('/') + 1);
    String expected = describe(lines, name, "original");
    assertThat(expected).contains("voice_to_voice");
    Random random = new Random(20261121L ^ fixture.hashCode());
    for (int i = 0; i < PERMUTATIONS; i++) {
      List<String> shuffled = new ArrayList<>(lines);
      Collections.shuffle(shuffled, random);
      assertThat(describe(shuffled, name, "p" + i)).as("permutation %d of %s", i, fixture).isEqualTo(expected);
    }
  }

  /** Everything an analysis says, except line numbers (which a permutation changes by definition). */
  private String describe(List<String> lines, String name, String dir) throws IOException {
    Path file = Files.createDirectories(tmp.resolve(dir)).resolve(name);
    Files.write(file, lines);
    Analysis.Result r = Analysis.conversations(List.of(file), AnalysisOptions.defaults(), LogReader.create());
    StringBuilder sb = new StringBuilder();
    for (Conversation c : r.conversations()) {
      sb.append(c.id()).append(' ').append(c.sessionIds()).append(' ').append(c.fields()).append('\n');
      for (Turn t : c.turns()) {
        sb.append("  turn ").append(t.number()).append(' ').append(t.metrics()).append(' ').append(t.waterfall()).append('\n');
        for (Map.Entry<?, ?> m : t.milestones().entrySet()) {
          sb.append("    ").append(m.getKey()).append('=').append(dev.voicelog.analysis.EventRef.of((dev.voicelog.read.LogEvent) m.getValue()));
        }
        sb.append('\n');
      }
      for (Anomaly a : c.anomalies()) {
        sb.append("  ").append(a).append('\n');
      }
    }
    for (Problem p : r.problems()) {
      sb.append(p.kind()).append(' ').append(p.count()).append(' ').append(p.message()).append('\n');
    }
    return sb.toString();
  }
}
