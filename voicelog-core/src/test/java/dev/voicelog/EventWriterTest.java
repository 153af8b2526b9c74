package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventWriterTest {
  @TempDir Path tmp;

  private final ManualClock clock = ManualClock.at("2026-11-21T15:30:45.123456Z");

  /**
   * A thread that was already inside {@code log()} when close began (it passed the closed check and waits
   * for its session's lock) queues its event after the writer has stopped: that event can never be
   * written, so it must be counted as dropped, as any event logged after close is.
   */
  @Test
  void anEventQueuedWhileTheWriterStopsIsCountedAsDropped() throws Exception {
    VoiceLog log = VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    Session s = log.startSession("s");
    Thread straggler;
    synchronized (s.lock) {
      straggler = new Thread(() -> s.event("STRAGGLER").log(), "straggler");
      straggler.start();
      while (straggler.getState() != Thread.State.BLOCKED) {
        Thread.onSpinWait(); // it has passed the closed check and waits for the session's lock
      }
      log.close();
    }
    straggler.join();

    assertThat(LogFiles.lines(tmp)).noneMatch(l -> l.contains("STRAGGLER"));
    assertThat(log.writtenEvents() + log.droppedEvents()).as("written + dropped = logged").isEqualTo(3);
    assertThat(log.droppedEvents()).isEqualTo(1);
  }
}
