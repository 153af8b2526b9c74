package dev.voicelog.read;

/**
 * Microseconds as seconds, the unit every output uses. Durations are kept as whole microseconds (so sums
 * are exact) and turned into seconds only for display. Thread-safe.
 */
public final class Durations {
  private Durations() {}

  /** {@code 1234567} as {@code "1.234567"}; negative values keep their sign ({@code "-0.000100"}). */
  public static String seconds(long micros) {
    StringBuilder sb = new StringBuilder(20);
    if (micros < 0) {
      sb.append('-');
    }
    long abs = Math.abs(micros);
    sb.append(abs / 1_000_000L).append('.');
    String frac = Long.toString(abs % 1_000_000L);
    for (int i = frac.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }

  /**
   * For people: seconds to the millisecond with the unit, {@code 2060000} as {@code "2.060s"}. Every text
   * output and message says durations this way; JSON carries the exact {@link #seconds} instead.
   */
  public static String human(long micros) {
    return String.format(java.util.Locale.ROOT, "%.3fs", micros / 1e6);
  }

  /** {@code 1234567} as {@code 1.234567} (a double, for JSON numbers and arithmetic). */
  public static double toSeconds(long micros) {
    return micros / 1e6;
  }
}
