package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineListenerTest {
  @TempDir Path tmp;

  @Test
  void listenersSeeExactlyTheLinesOfTheFilesThenClose() {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch closed = new CountDownLatch(1);
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).addListener(new LineListener() {
      @Override
      public void onLine(byte[] line) {
        seen.add(new String(line, StandardCharsets.UTF_8));
      }

      @Override
      public void onClose() {
        closed.countDown();
      }
    }).build();
    Session s = log.startSession("live");
    for (int i = 0; i < 1_000; i++) {
      s.event("TICK").put("i", i).put("text", "é ü 中").log();
    }
    s.end();
    assertThat(log.close()).isTrue();
    assertThat(closed.getCount()).isZero();
    assertThat(seen).isEqualTo(LogFiles.lines(tmp));
  }

  /**
   * close() says whether the events reached the files: a listener still busy in onClose when close stops
   * waiting for it (an exporter on a slow network) does not make it report a loss that did not happen.
   */
  @Test
  void aListenerStillClosingDoesNotMakeCloseReportALoss() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).addListener(new LineListener() {
      @Override
      public void onLine(byte[] line) {}

      @Override
      public void onClose() {
        try {
          release.await(); // longer than close waits
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).build();
    Session s = log.startSession("s");
    s.event("TICK").log();
    s.end();
    try {
      assertThat(log.close(java.time.Duration.ofSeconds(2))).isTrue();
      assertThat(log.droppedEvents()).isZero();
      assertThat(LogFiles.lines(tmp)).hasSize(3);
    } finally {
      release.countDown();
    }
  }

  @Test
  void linesThatNeverReachTheFileAreNotHandedToListeners() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("events"), "a file where the log directory should be");
    List<String> seen = new CopyOnWriteArrayList<>();
    VoiceLog log = VoiceLog.builder().directory(notADirectory).shutdownHook(false)
        .addListener(line -> seen.add(new String(line, StandardCharsets.UTF_8))).build();
    Session s = log.startSession("unwritable");
    s.event("TICK").put("i", 1).log();
    s.end();
    log.close(Duration.ofMillis(200)); // the writer retries until the deadline: it can never write here

    assertThat(log.writtenEvents()).isZero();
    assertThat(log.droppedEvents()).isEqualTo(3);
    assertThat(seen).as("the files got nothing, and every event is counted as lost").isEmpty();
  }

  @Test
  void aStuckListenerNeitherSlowsNorStopsTheFiles() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).overflow(OverflowPolicy.BLOCK)
        .addListener(line -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.incrementAndGet();
        })
        .addListener(line -> {
          throw new IllegalStateException("a broken listener");
        })
        .build();
    Session s = log.startSession("stuck");
    int n = LineDispatcher.CAPACITY + 5_000;
    for (int i = 0; i < n; i++) {
      s.event("TICK").put("i", i).log();
    }
    assertThat(log.flush(java.time.Duration.ofSeconds(30))).as("the files got everything").isTrue();
    assertThat(LogFiles.lines(tmp)).hasSize(n + 1);
    assertThat(log.writer.skippedListenerLines()).isPositive();
    release.countDown();
    log.close();
    assertThat(seen.get() + log.writer.skippedListenerLines()).isEqualTo(n + 2);
  }
}
