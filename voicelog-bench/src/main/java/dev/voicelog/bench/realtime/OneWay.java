package dev.voicelog.bench.realtime;

import java.util.Arrays;

/** One-way latencies of one direction, collected from many threads; percentiles on demand. Thread-safe. */
public final class OneWay {
  private long[] samples = new long[1 << 16];
  private int n;

  public synchronized void record(long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = nanos;
  }

  public synchronized void reset() {
    n = 0;
  }

  /** p50, p90, p99, p99.9 and max in microseconds, and the count. */
  public synchronized String summary() {
    long[] s = Arrays.copyOf(samples, n);
    Arrays.sort(s);
    if (n == 0) {
      return "no samples";
    }
    return String.format(java.util.Locale.ROOT, "n=%d p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f us", n,
        at(s, 0.50), at(s, 0.90), at(s, 0.99), at(s, 0.999), s[n - 1] / 1e3);
  }

  /** The {@code q} quantile (0 to 1) in microseconds, or NaN without samples. */
  public synchronized double percentileMicros(double q) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] s = Arrays.copyOf(samples, n);
    Arrays.sort(s);
    return at(s, q);
  }

  /** Samples recorded since the last reset. */
  public synchronized int count() {
    return n;
  }

  private static double at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
  }
}
