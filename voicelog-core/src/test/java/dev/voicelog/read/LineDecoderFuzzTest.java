package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.ConversationListener;
import dev.voicelog.analysis.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzz tests of the reading side. The default build replays the committed inputs under
 * src/test/resources/dev/voicelog/read/LineDecoderFuzzTestInputs/; fuzzing itself runs with the
 * {@code fuzz} profile (see voicelog-core/README.md), and every crash it finds is added there.
 */
class LineDecoderFuzzTest {
  /** Any bytes as one line: decoded or reported, never an exception; what is decoded is sane. */
  @FuzzTest(maxDuration = "2m")
  void anyLineIsDecodedOrReportedNeverThrown(byte[] line) {
    List<Problem> problems = new ArrayList<>();
    LineDecoder decoder = new LineDecoder("fuzz.jsonl", problems::add);
    LogEvent e = decoder.decode(line, 0, line.length, 1, false);
    if (e == null) {
      assertThat(problems.size()).isLessThanOrEqualTo(1);
      return;
    }
    assertThat(e.seq()).isNotNegative();
    assertThat(e.turn()).isNotNegative();
    assertThat(e.type()).isNotNull();
    assertThat(e.data()).isNotNull(); // the lazily decoded data must decode: the scan validated it
    if (e.format() == LogFormat.NATIVE) {
      assertThat(e.sessionId()).isNotNull();
    }
  }

  /** Any bytes as a whole log: read, assembled into turns; no exception, no negative duration, exact waterfalls. */
  @FuzzTest(maxDuration = "2m")
  void anyLogGivesNonNegativeMetricsAndExactWaterfalls(byte[] log) {
    List<Conversation> conversations = new ArrayList<>();
    ConversationAssembler assembler = new ConversationAssembler(AnalysisOptions.defaults(), new ConversationListener() {
      @Override
      public void conversation(Conversation c) {
        conversations.add(c);
      }

      @Override
      public void problem(Problem p) {
        assertThat(p.message()).isNotBlank();
      }
    });
    SessionCollector collector = new SessionCollector(assembler);
    LineDecoder decoder = new LineDecoder("fuzz.jsonl", assembler::problem);
    int start = 0;
    long line = 0;
    for (int i = 0; i <= log.length; i++) {
      if (i == log.length || log[i] == '\n') {
        LogEvent e = decoder.decode(log, start, i - start, ++line, i == log.length);
        if (e != null) {
          collector.accept(e);
        }
        start = i + 1;
      }
    }
    collector.endOfFile("fuzz.jsonl");
    collector.finish();
    assembler.finish();
    for (Conversation c : conversations) {
      for (Turn t : c.turns()) {
        assertThat(t.metrics().values()).allMatch(v -> v >= 0);
        long sum = t.waterfall().stream().mapToLong(Turn.Segment::micros).sum();
        assertThat(t.waterfall()).allMatch(s -> s.micros() >= 0);
        if (!t.waterfall().isEmpty()) {
          assertThat(sum).isEqualTo(t.metrics().get(dev.voicelog.analysis.Metric.VOICE_TO_VOICE));
        }
      }
    }
  }
}
