package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.ChildJvm;
import dev.voicelog.testing.LogFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL at random points leaves a log that is whole up to its last line. */
class CrashTest {
  private static final int RUNS = 20;

  @TempDir Path tmp;

  @Test
  void killedProcessLeavesParseableLinesAndAGapFreeSeqPrefix() throws IOException {
    Random random = new Random(20261121);
    int tornRuns = 0;
    for (int run = 0; run < RUNS; run++) {
      Path dir = tmp.resolve("run" + run);
      try (ChildJvm child = ChildJvm.start(LoggingChild.class, dir.toString(), "forever", "crash")) {
        child.awaitLine("READY");
        long until = System.nanoTime() + random.nextInt(200_000_000); // 0-200 ms more of logging
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        child.kill();
      }
      tornRuns += assertWholeUpToLastLine(dir) ? 1 : 0;
    }
    System.out.println("CrashTest: " + RUNS + " kills, " + tornRuns + " left a torn last line");
  }

  /** @return whether the last line was torn */
  private static boolean assertWholeUpToLastLine(Path dir) throws IOException {
    List<Path> files = LogFiles.files(dir);
    assertThat(files).hasSize(1);
    String content = Files.readString(files.get(0), StandardCharsets.UTF_8);
    boolean torn = !content.endsWith("\n");
    String[] lines = content.split("\n", -1);
    int complete = torn ? lines.length - 1 : lines.length - 1; // the piece after the last \n is "" or torn
    Map<String, Long> lastSeq = new HashMap<>();
    for (int i = 0; i < complete; i++) {
      var e = LogFiles.parse(lines[i]);
      String id = e.get("session_id").asText();
      long seq = e.get("seq").asLong();
      assertThat(seq).as("line %d of %s", i + 1, dir).isEqualTo(lastSeq.getOrDefault(id, 0L) + 1);
      lastSeq.put(id, seq);
    }
    assertThat(lastSeq).as("every thread's session has events").hasSize(LoggingChild.THREADS);
    return torn;
  }

  @Test
  void normalExitWithoutCloseIsFlushedByTheShutdownHook() {
    Path dir = tmp.resolve("exit");
    try (ChildJvm child = ChildJvm.start(LoggingChild.class, dir.toString(), "exit", "hook", "20000")) {
      assertThat(child.waitFor()).isZero();
    }
    long ticks = LogFiles.events(dir).stream().filter(e -> e.get("event_type").asText().equals("TICK")).count();
    assertThat(ticks).isEqualTo(LoggingChild.THREADS * 20_000L);
  }
}
