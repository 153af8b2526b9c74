package dev.voicelog.read;

/**
 * Parses the {@code timestamp} of the three formats into microseconds since the epoch, without java.time
 * on the hot path: {@code 2026-11-21T15:30:45.123456Z} (native), {@code 2025-06-23T15:30:45.123456+00:00}
 * (VoiceMode, Python's {@code isoformat()}), {@code 2025-10-25T12:00:00.123456} and
 * {@code 2025-10-25T12:00:00} (seeds/002's Python logger: local time without an offset, microseconds
 * omitted when zero) and {@code 2025-10-25T12:00:00.123Z} (its Node.js logger). A space may stand for the
 * {@code T}; fractions have 1 to 9 digits (beyond microseconds they are truncated).
 *
 * <p><b>No offset.</b> A timestamp without {@code Z} or an offset is read as UTC: the zone it was written
 * in is not in the file. Durations do not depend on it (they are differences within a file), only the
 * wall-clock times shown do; {@link LogEvent#timestampHasOffset()} says which case a line was.
 */
final class Timestamps {
  /** Returned when the text is not a timestamp. */
  static final long INVALID = Long.MIN_VALUE;

  private Timestamps() {}

  /**
   * @param hadOffset when not null, {@code hadOffset[0]} is set to whether the text carried a zone
   *     ({@code Z} or an offset)
   * @return epoch microseconds, or {@link #INVALID}
   */
  static long parse(byte[] b, int from, int to, boolean[] hadOffset) {
    int n = to - from;
    if (n < 19) {
      return INVALID;
    }
    int year = digits(b, from, 4);
    if (year < 0 || b[from + 4] != '-') {
      return INVALID;
    }
    int month = digits(b, from + 5, 2);
    if (month < 1 || month > 12 || b[from + 7] != '-') {
      return INVALID;
    }
    int day = digits(b, from + 8, 2);
    byte sep = b[from + 10];
    if (day < 1 || day > daysInMonth(year, month) || (sep != 'T' && sep != ' ' && sep != 't')) {
      return INVALID;
    }
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    int second = digits(b, from + 17, 2);
    if (hour < 0 || hour > 23 || b[from + 13] != ':' || minute < 0 || minute > 59 || b[from + 16] != ':'
        || second < 0 || second > 60) {
      return INVALID;
    }
    int i = from + 19;
    long micros = 0;
    if (i < to && (b[i] == '.' || b[i] == ',')) {
      i++;
      int digitsSeen = 0;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (digitsSeen < 6) {
          micros = micros * 10 + (b[i] - '0');
        }
        digitsSeen++;
        i++;
      }
      if (digitsSeen == 0 || digitsSeen > 9) {
        return INVALID;
      }
      for (int k = digitsSeen; k < 6; k++) {
        micros *= 10;
      }
    }
    long offsetSeconds = 0;
    boolean zone = false;
    if (i < to) {
      byte z = b[i];
      if ((z == 'Z' || z == 'z') && i + 1 == to) {
        zone = true;
        i++;
      } else if (z == '+' || z == '-') {
        int oh = digits(b, i + 1, 2);
        int om;
        int after;
        if (i + 6 == to && b[i + 3] == ':') {
          om = digits(b, i + 4, 2);
          after = i + 6;
        } else if (i + 5 == to) {
          om = digits(b, i + 3, 2);
          after = i + 5;
        } else if (i + 3 == to) {
          om = 0;
          after = i + 3;
        } else {
          return INVALID;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return INVALID;
        }
        offsetSeconds = (oh * 3600L + om * 60L) * (z == '-' ? -1 : 1);
        zone = true;
        i = after;
      } else {
        return INVALID;
      }
    }
    if (i != to) {
      return INVALID;
    }
    if (hadOffset != null) {
      hadOffset[0] = zone;
    }
    long days = daysFromCivil(year, month, day);
    long seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1_000_000L + micros;
  }

  private static int digits(byte[] b, int at, int count) {
    if (at < 0 || at + count > b.length) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < count; k++) {
      byte c = b[at + k];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long daysFromCivil(long y, long m, long d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  /** {@code 2026-11-21T15:30:45.123456Z}: the native rendering of epoch microseconds, for output. */
  static String format(long epochMicros) {
    return FORMAT.format(java.time.Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1_000L));
  }

  private static final java.time.format.DateTimeFormatter FORMAT =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
}
