package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real file-system failures, not simulated ones: a tmpfs that is really full (ENOSPC), and a directory and
 * file made immutable with {@code chattr +i} (EPERM, even for root and even through the open descriptor).
 * Both need root, which CI has: {@code .ci/run} runs as root.
 */
class FailingFileSystemTest {
  private static final int EVENTS_WHILE_FAILING = 1_000;

  @TempDir Path tmp;
  private Path mount;
  private final List<LogRecord> reported = new CopyOnWriteArrayList<>();
  private final Logger julLogger = Logger.getLogger("dev.voicelog");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      reported.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureReports() {
    julLogger.addHandler(capture);
  }

  @AfterEach
  void cleanUp() throws Exception {
    julLogger.removeHandler(capture);
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
    run("chattr", "-R", "-i", tmp.toString());
  }

  @Test
  void fullDiskDropsCountsReportsOnceAndResumesWhenSpaceReturns() throws Exception {
    mount = tmp.resolve("small");
    Files.createDirectories(mount);
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()) == 0,
        "mounting a tmpfs needs root (CI runs as root)");
    Path dir = mount.resolve("events");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    Session s = log.startSession("full");
    logTicks(s, "before", 100);
    assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

    Path filler = mount.resolve("filler");
    fill(filler);
    logTicks(s, "failing", EVENTS_WHILE_FAILING);
    assertThat(log.flush(Duration.ofSeconds(10))).as("flush says events were lost").isFalse();

    Files.delete(filler);
    int probes = writeProbesUntilWritten(log, s);
    s.end();
    log.close();

    assertAccountedExactly(dir, log, 1 + 100 + EVENTS_WHILE_FAILING + probes + 1);
    assertReportedOnceAndRecovered();
  }

  @Test
  void unwritableDirectoryDropsCountsReportsOnceAndResumes() throws Exception {
    Path dir = tmp.resolve("events");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    Session s = log.startSession("immutable");
    logTicks(s, "before", 100);
    assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(run("chattr", "-R", "+i", dir.toString())).as("chattr +i (needs root on ext4)").isZero();
    logTicks(s, "failing", EVENTS_WHILE_FAILING);
    assertThat(log.flush(Duration.ofSeconds(10))).isFalse();

    assertThat(run("chattr", "-R", "-i", dir.toString())).isZero();
    int probes = writeProbesUntilWritten(log, s);
    s.end();
    log.close();

    assertAccountedExactly(dir, log, 1 + 100 + EVENTS_WHILE_FAILING + probes + 1);
    assertReportedOnceAndRecovered();
  }

  private static void logTicks(Session s, String phase, int n) {
    for (int i = 0; i < n; i++) {
      s.event("TICK").put("phase", phase).put("i", i).put("text", "padding to make the line about two hundred bytes long").log();
    }
  }

  /** The writer retries on its own (every 0.1 to 1 s): log a probe and flush until one gets through. */
  private static int writeProbesUntilWritten(VoiceLog log, Session s) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int probes = 0;
    while (System.nanoTime() < deadline) {
      s.event("PROBE").log();
      probes++;
      if (log.flush(Duration.ofMillis(250))) {
        return probes;
      }
    }
    throw new AssertionError("writing did not resume within 15 s");
  }

  /** Every event logged is either a line in the file or counted in an EVENTS_DROPPED line, exactly. */
  private static void assertAccountedExactly(Path dir, VoiceLog log, long logged) {
    List<JsonNode> events = LogFiles.events(dir); // every line parses: no half line was left by a failed write
    long written = events.stream().filter(e -> !e.get("event_type").asText().equals("EVENTS_DROPPED")).count();
    long reported = events.stream().filter(e -> e.get("event_type").asText().equals("EVENTS_DROPPED"))
        .mapToLong(e -> e.get("data").get("count").asLong()).sum();
    assertThat(reported).as("events were lost while failing").isPositive();
    assertThat(written + reported).isEqualTo(logged);
    assertThat(log.droppedEvents()).isEqualTo(reported);
    assertThat(events.stream().filter(e -> e.get("event_type").asText().equals("TICK")
        && e.get("data").get("phase").asText().equals("before"))).hasSize(100);
    OverflowTest.assertSeqGapsEqualDropReports(events, logged);
  }

  private void assertReportedOnceAndRecovered() {
    assertThat(reported.stream().filter(r -> r.getLevel() == Level.WARNING)).hasSize(1);
    assertThat(reported.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().contains("again")))
        .hasSize(1);
  }

  private static void fill(Path filler) {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertThat(full.getMessage()).contains("No space left");
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
  }
}
