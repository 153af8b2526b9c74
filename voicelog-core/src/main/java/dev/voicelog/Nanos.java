package dev.voicelog;

import java.time.Duration;

/**
 * A {@link Duration} as nanoseconds for the logger's clocks and deadlines, saturating instead of throwing:
 * {@code Duration.toNanos()} throws past about 292 years ({@code ChronoUnit.FOREVER}, a "wait for ever"),
 * which would reach a caller whose call must not throw, and a deadline {@code now + nanos} must not
 * overflow. So the result is within half of {@code long}'s range either way (146 years). Stateless.
 */
final class Nanos {
  /** The largest magnitude returned: a deadline this far ahead still compares right with {@code a - b > 0}. */
  static final long LIMIT = Long.MAX_VALUE / 2;
  private static final Duration MAX = Duration.ofNanos(LIMIT);
  private static final Duration MIN = Duration.ofNanos(-LIMIT);

  private Nanos() {}

  static long of(Duration d) {
    if (d.compareTo(MAX) > 0) { // compares, allocates nothing: earlierBy calls this on the caller's thread
      return LIMIT;
    }
    return d.compareTo(MIN) < 0 ? -LIMIT : d.toNanos();
  }
}
