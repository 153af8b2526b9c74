package dev.voicelog.bench.realtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The 20 ms clock of one simulated call or session: it starts at a random phase of the period, as
 * independent calls do, and {@link #awaitNext()} parks until the next slot. Used in an untimed JMH
 * per-invocation setup, so waiting is never measured. One per thread; not thread-safe.
 */
public final class Pacer {
  /** One audio frame: 20 ms. */
  public static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(PERIOD_NANOS);

  /** Parks until the next 20 ms slot. */
  public void awaitNext() {
    next += PERIOD_NANOS;
    long wait;
    while ((wait = next - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
