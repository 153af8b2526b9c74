package dev.voicelog.otel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for an effect that is asynchronous by design (another thread's export), with a deadline. */
final class Poll {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private Poll() {}

  /** Returns once the condition holds, or when the deadline passes (the caller's assertion then fails). */
  static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
