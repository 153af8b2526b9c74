package dev.voicelog.bench.realtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The 20 ms clock of one simulated call or session: it starts at a random phase of the period, as
 * independent calls do, and {@link #awaitNext()} parks until the next slot. Used in an untimed JMH
 * per-invocation setup, so waiting is never measured. One per thread; not thread-safe.
 *
 * <p>A thread that comes back more than {@link #TOLERANCE_NANOS} after its slot (held up by a warm-up
 * stall, or by JMH between iterations) skips to its next slot on its own phase; it neither sends late nor
 * makes up what it missed. Before, every session came back from an iteration's teardown late by the same
 * time and sent at once, then sent the slots it had missed back to back: each iteration began with
 * hundreds to over a thousand messages at once, their queueing counted in the iteration's tail, and in a
 * slow warm-up the backlog outgrew what the machine could clear and kept the harness saturated for the
 * rest of the run (BENCHMARKS.md, Realtime proxy, "A harness that never sends faster than 50 messages/s").
 * A late wake-up from the park itself (tens of microseconds) is within the tolerance: it sends. Skipped
 * slots are counted ({@link #skippedSlots()}), so a run can say how many it had.
 *
 * <p>The cost of the rule: a session whose round trip took longer than a period plus the tolerance skips
 * the slots that passed meanwhile, so the messages it would have sent into the stall are not measured (a
 * closed-loop harness's coordinated omission). That touches only round trips over 21 ms, beyond the
 * p99.9 of all but the worst windows. The count keeps the two causes apart: a skip at a pacer's first
 * slot after {@link #resetSkippedSlots()} (an iteration's start) is the pause between iterations
 * ({@link #skippedAfterPause()}); a skip at any later slot is a stall inside the window
 * ({@link #skippedInStalls()}), messages that window does not measure.
 */
public final class Pacer {
  /** One audio frame: 20 ms. */
  public static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** How late after its slot a thread may still send in it. */
  public static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final LongAdder SKIPPED_AFTER_PAUSE = new LongAdder();
  private static final LongAdder SKIPPED_IN_STALLS = new LongAdder();
  /** Counts the resets, so each pacer knows whether it has sent since the last one. */
  private static volatile long epoch;

  private final LongSupplier clock;
  private final LongConsumer park;
  private long next;
  private long sentInEpoch = -1;

  /** A pacer on the monotonic clock, at a random phase of the period. */
  public Pacer() {
    this(System::nanoTime, LockSupport::parkNanos, ThreadLocalRandom.current().nextLong(PERIOD_NANOS));
  }

  /** A pacer on {@code clock} whose first slot is {@code phase} after now; {@code park} waits that long. */
  Pacer(LongSupplier clock, LongConsumer park, long phase) {
    this.clock = clock;
    this.park = park;
    this.next = clock.getAsLong() + phase;
  }

  /** Parks until the next 20 ms slot; at once if the thread is past it by no more than the tolerance. */
  public void awaitNext() {
    next += PERIOD_NANOS;
    long current = epoch;
    long late = clock.getAsLong() - next;
    if (late > TOLERANCE_NANOS) {
      long missed = (late + PERIOD_NANOS - 1) / PERIOD_NANOS;
      next += missed * PERIOD_NANOS;
      (sentInEpoch == current ? SKIPPED_IN_STALLS : SKIPPED_AFTER_PAUSE).add(missed);
    }
    sentInEpoch = current;
    long wait;
    while ((wait = next - clock.getAsLong()) > 0) {
      park.accept(wait);
    }
  }

  /** Slots skipped by every pacer since the last {@link #resetSkippedSlots()}, for either cause. Thread-safe. */
  public static long skippedSlots() {
    return skippedAfterPause() + skippedInStalls();
  }

  /**
   * Slots skipped since the last reset by pacers late at their first slot after it (the pause before it).
   * Thread-safe.
   */
  public static long skippedAfterPause() {
    return SKIPPED_AFTER_PAUSE.sum();
  }

  /**
   * Slots skipped since the last reset by pacers late at a later slot: stalls inside the window, whose
   * messages are not measured. Thread-safe.
   */
  public static long skippedInStalls() {
    return SKIPPED_IN_STALLS.sum();
  }

  /** Starts the counts over, at an iteration's start: call it while no pacer runs (it is not atomic with them). */
  public static void resetSkippedSlots() {
    SKIPPED_AFTER_PAUSE.reset();
    SKIPPED_IN_STALLS.reset();
    epoch++;
  }

  /** One line for an iteration's report: how many slots were skipped, why, and the rule. */
  public static String skippedReport() {
    return "slots skipped (a sender more than " + TOLERANCE_NANOS / 1_000_000 + " ms late): "
        + skippedAfterPause() + " after the pause before the iteration, " + skippedInStalls()
        + " in stalls inside it (not measured)";
  }
}
