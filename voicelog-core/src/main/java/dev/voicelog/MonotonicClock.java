package dev.voicelog;

/**
 * The clock every duration comes from: it never steps, whatever happens to the wall clock. Tests replace
 * it (see {@code ManualClock} in the test-jar). Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface MonotonicClock {
  /** The clock of {@link System#nanoTime()}. */
  MonotonicClock SYSTEM = System::nanoTime;

  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();
}
