package dev.voicelog.testing;

import dev.voicelog.MonotonicClock;
import dev.voicelog.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Both clocks of a log, moved by the test: {@link #advance} moves them together (time passing),
 * {@link #stepWall} moves only the wall clock (an NTP step, a user changing the date). Thread-safe.
 */
public final class ManualClock implements MonotonicClock, WallClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong wallMicros;

  public ManualClock(Instant wallStart) {
    this.wallMicros = new AtomicLong(wallStart.getEpochSecond() * 1_000_000L + wallStart.getNano() / 1_000);
  }

  public static ManualClock at(String isoInstant) {
    return new ManualClock(Instant.parse(isoInstant));
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochMicros() {
    return wallMicros.get();
  }

  public ManualClock advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wallMicros.addAndGet(d.toNanos() / 1_000);
    return this;
  }

  public ManualClock advanceMillis(long ms) {
    return advance(Duration.ofMillis(ms));
  }

  public ManualClock stepWall(Duration d) {
    wallMicros.addAndGet(d.toNanos() / 1_000);
    return this;
  }
}
