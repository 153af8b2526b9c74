package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue is full: events are dropped and counted exactly (DROP), or callers wait and lose nothing (BLOCK). */
class OverflowTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 10_000;

  @TempDir Path tmp;
  private final ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");

  private VoiceLogBuilder builder(OverflowPolicy policy) {
    return VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .queueCapacity(64).overflow(policy);
  }

  /** The file the writer will append to: holding its lock stalls the writer as another process would. */
  private ReentrantLock fileLock() {
    return JsonlFileAppender.inProcessLock(tmp.resolve("voicelog_events_2026-11-21.jsonl"));
  }

  @Test
  void stalledWriterDropsAndCountsEveryEventExactly() throws Exception {
    ReentrantLock stall = fileLock();
    stall.lock();
    VoiceLog log = builder(OverflowPolicy.DROP).build();
    List<Session> sessions = new ArrayList<>();
    List<Thread> producers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Session s = log.startSession("p" + i);
      sessions.add(s);
      producers.add(new Thread(() -> {
        for (int n = 0; n < PER_THREAD; n++) {
          s.event("TICK").put("n", n).log();
        }
      }));
    }
    producers.forEach(Thread::start);
    for (Thread t : producers) {
      t.join();
    }
    stall.unlock();
    sessions.forEach(Session::end);
    assertThat(log.close()).as("nothing accepted was lost").isTrue();

    List<JsonNode> events = LogFiles.events(tmp);
    long written = events.stream().filter(e -> !e.get("event_type").asText().equals("EVENTS_DROPPED")).count();
    long reported = events.stream().filter(e -> e.get("event_type").asText().equals("EVENTS_DROPPED"))
        .mapToLong(e -> e.get("data").get("count").asLong()).sum();
    assertThat(reported).as("the stall must have dropped events").isGreaterThan(0);
    long logged = (long) THREADS * PER_THREAD + 2 * THREADS; // the ticks, and each session's start and end
    assertThat(written + reported).isEqualTo(logged);
    assertThat(log.writtenEvents()).isEqualTo(written);
    assertThat(log.droppedEvents()).isEqualTo(reported);
    assertSeqGapsEqualDropReports(events, PER_THREAD + 2);
  }

  @Test
  void blockPolicyMakesCallersWaitAndLosesNothing() throws Exception {
    ReentrantLock stall = fileLock();
    stall.lock();
    VoiceLog log = builder(OverflowPolicy.BLOCK).build();
    List<Thread> producers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Session s = log.startSession("b" + i);
      producers.add(new Thread(() -> {
        for (int n = 0; n < 5_000; n++) {
          s.event("TICK").put("n", n).log();
        }
        s.end();
      }));
    }
    producers.forEach(Thread::start);
    while (log.writer.backlog() < 64) { // wait until the producers are blocked on a full queue
      Thread.onSpinWait();
    }
    assertThat(producers).allMatch(Thread::isAlive);
    stall.unlock();
    for (Thread t : producers) {
      t.join();
    }
    assertThat(log.close()).isTrue();
    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.stream().filter(e -> e.get("event_type").asText().equals("TICK")).count()).isEqualTo(20_000);
    assertThat(log.droppedEvents()).isZero();
    assertSeqGapsEqualDropReports(events, 5_000 + 2);
  }

  /**
   * One deadline for the whole close, on the log's monotonic clock: the SESSION_END that waits for room in
   * a full queue (BLOCK) and the wait for the stuck writer share it, so close returns once the clock has
   * passed one timeout after close began, not two. The clock is the test's: it is moved by exactly one
   * timeout, once close has read it. The real-time bound on the join is not what is tested (close needs
   * milliseconds of it); it only ends the test when close does not follow the clock, as the old code, whose
   * two waits took twice the timeout on the system's clock, did not.
   */
  @Test
  void closeWithAStalledWriterReturnsOneTimeoutAfterItBeganEvenUnderBlock() throws Exception {
    Duration timeout = Duration.ofSeconds(60);
    ReentrantLock stall = fileLock();
    stall.lock();
    try {
      VoiceLog log = builder(OverflowPolicy.BLOCK).build();
      Session s = log.startSession("stuck");
      while (log.writer.backlog() < 64) { // fill the queue (the writer is stuck in its first append)
        s.event("TICK").log();
      }
      AtomicReference<Boolean> closed = new AtomicReference<>();
      // close() must end the open session (a SESSION_END that cannot be queued) and still return.
      Thread closer = new Thread(() -> closed.set(log.close(timeout)), "closer");
      closer.setDaemon(true);
      closer.start();
      while (!log.writer.closeRequested()) { // close has read the clock: its deadline is set
        Thread.onSpinWait();
      }
      clock.advance(timeout.plusNanos(1));
      closer.join(Duration.ofSeconds(10).toMillis());
      assertThat(closer.isAlive()).as("close returned once its one timeout had passed on the log's clock").isFalse();
      assertThat(closed.get()).as("not everything was written").isFalse();
      assertThat(log.droppedEvents()).isPositive();
    } finally {
      stall.unlock();
    }
  }

  /**
   * Per session: the seq numbers missing from the file (up to the last one the session was given, since
   * trailing losses leave no gap a reader can see) are exactly the sum of its EVENTS_DROPPED counts.
   */
  static void assertSeqGapsEqualDropReports(List<JsonNode> events, long lastSeqGiven) {
    Map<String, Long> maxSeq = new HashMap<>();
    Map<String, Long> lines = new HashMap<>();
    Map<String, Long> reported = new HashMap<>();
    for (JsonNode e : events) {
      String id = e.get("session_id").asText();
      if (e.get("event_type").asText().equals("EVENTS_DROPPED")) {
        assertThat(e.has("seq")).as("EVENTS_DROPPED lines carry no seq").isFalse();
        reported.merge(id, e.get("data").get("count").asLong(), Long::sum);
      } else {
        maxSeq.merge(id, e.get("seq").asLong(), Math::max);
        lines.merge(id, 1L, Long::sum);
      }
    }
    for (String id : maxSeq.keySet()) {
      assertThat(maxSeq.get(id)).isLessThanOrEqualTo(lastSeqGiven);
      assertThat(lastSeqGiven - lines.get(id)).as("seq gaps of " + id).isEqualTo(reported.getOrDefault(id, 0L));
    }
  }
}
