package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer between sessions: with none open it sleeps with no time limit (an idle log costs no CPU), and
 * the next event wakes it, with no flush to help. Each wait below is for a state, with a deadline; a writer
 * that never sleeps, or that sleeps through an event, fails it.
 */
class WriterSleepTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private VoiceLog log;

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  private static boolean within(BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private boolean asleep() {
    return log.writer.thread.getState() == Thread.State.WAITING;
  }

  private boolean written(int lines) {
    return LogFiles.files(dir).size() == 1 && LogFiles.lines(dir).size() == lines;
  }

  @Test
  void withNoSessionOpenTheWriterSleepsAndTheNextEventWakesIt() {
    log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    assertThat(within(this::asleep)).as("asleep before the first session").isTrue();

    Session s = log.startSession("a");
    s.event(EventType.TTS_START).log();
    assertThat(within(() -> written(2))).as("SESSION_START and TTS_START written, no flush asked").isTrue();

    s.end();
    assertThat(within(() -> written(3) && asleep())).as("SESSION_END written, then asleep").isTrue();

    s.event("LATE").log(); // a line after its session's end: still written, and it wakes the writer alone
    assertThat(within(() -> written(4))).isTrue();
    assertThat(LogFiles.events(dir)).extracting(e -> e.get("event_type").asText())
        .isEqualTo(List.of("SESSION_START", "TTS_START", "SESSION_END", "LATE"));
  }

  @Test
  void withASessionOpenTheWriterKeepsItsTimeLimit() {
    log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    Session s = log.startSession("a");
    assertThat(within(() -> written(1))).isTrue();
    // a session open, the writer parks for at most MAX_PARK_MILLIS at a time: never WAITING, however long one looks
    // (here ten of its longest parks, far beyond the empty rounds after which it would sleep were no session open)
    long until = System.nanoTime() + 2L * EventWriter.ROUNDS_BEFORE_SLEEP * EventWriter.MAX_PARK_MILLIS * 1_000_000;
    while (System.nanoTime() - until < 0) {
      assertThat(log.writer.thread.getState()).isNotEqualTo(Thread.State.WAITING);
      Thread.onSpinWait();
    }
    s.end();
    assertThat(within(this::asleep)).isTrue();
  }

  @Test
  void aQuietWriterBacksOffFromOneMillisecondToItsLongestPark() {
    // after writing it lingers 1 ms, and each round that finds nothing doubles the park, up to the cap:
    // a quiet session costs the writer some ten wake-ups a second, not a hundred
    List<Long> millis = java.util.stream.IntStream.range(0, 10)
        .mapToObj(rounds -> Duration.ofNanos(EventWriter.parkAfter(rounds)).toMillis()).toList();
    assertThat(millis).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 100L, 100L, 100L);
    assertThat(EventWriter.parkAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(EventWriter.MAX_PARK_MILLIS).toNanos());
  }
}
