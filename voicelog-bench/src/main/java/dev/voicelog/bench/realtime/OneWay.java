package dev.voicelog.bench.realtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One-way latencies of one direction, recorded by many threads at once; percentiles on demand.
 *
 * <p>{@link #record} never waits: one atomic increment claims a slot, one store fills it. The threads that
 * record are the ones being measured (a receiving thread records, then reads its next message), so a wait
 * here would be counted as latency. (It was one monitor shared by 100 receiving threads; at 100 sessions
 * the two measured no different: BENCHMARKS.md, Realtime proxy, "A harness that never sends faster than
 * 50 messages/s".) A sample past {@link #CAPACITY} in one iteration is not kept, and {@link #summary}
 * says how many were not.
 *
 * <p>{@link #reset}, {@link #summary}, {@link #percentileMicros} and {@link #count} are for between
 * iterations, when no thread records (JMH's iteration setup and teardown); called while threads record,
 * they see some of the samples.
 */
public final class OneWay {
  /** Samples kept per iteration: a 10-s iteration at 5,000 messages/s is 50,000; twenty times that fits. */
  static final int CAPACITY = 1 << 20;

  private final AtomicLongArray samples = new AtomicLongArray(CAPACITY);
  private final AtomicInteger next = new AtomicInteger();

  /** Records one latency in nanoseconds. Thread-safe, wait-free. */
  public void record(long nanos) {
    int i = next.getAndIncrement();
    if (i < CAPACITY) {
      samples.setRelease(i, nanos);
    }
  }

  /** Starts an empty iteration (between iterations only, see above). */
  public void reset() {
    next.set(0);
  }

  /** p50, p90, p99, p99.9 and max in microseconds, and the count. */
  public String summary() {
    long[] s = sorted();
    if (s.length == 0) {
      return "no samples";
    }
    int lost = next.get() - s.length;
    return String.format(java.util.Locale.ROOT, "n=%d p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f us%s",
        s.length, at(s, 0.50), at(s, 0.90), at(s, 0.99), at(s, 0.999), s[s.length - 1] / 1e3,
        lost > 0 ? " (" + lost + " more not kept)" : "");
  }

  /** The {@code q} quantile (0 to 1) in microseconds, or NaN without samples. */
  public double percentileMicros(double q) {
    long[] s = sorted();
    return s.length == 0 ? Double.NaN : at(s, q);
  }

  /** Samples recorded since the last reset, kept or not. */
  public int count() {
    return next.get();
  }

  private long[] sorted() {
    long[] s = new long[Math.min(next.get(), CAPACITY)];
    for (int i = 0; i < s.length; i++) {
      s[i] = samples.getAcquire(i);
    }
    Arrays.sort(s);
    return s;
  }

  private static double at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
  }
}
