package dev.voicelog;

/**
 * UTC calendar arithmetic without java.time on the writer's hot path: the {@code timestamp} field
 * ({@code 2026-11-21T15:30:45.123456Z}), and the period an event's file belongs to. The text of the current
 * second is cached, so a line costs six digits, not a calendar conversion. An instance is not thread-safe
 * (the writer thread owns one); the static methods are.
 */
final class UtcTime {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_HOUR = 3_600L * MICROS_PER_SECOND;
  static final long MICROS_PER_DAY = 24L * MICROS_PER_HOUR;

  private long cachedSecond = Long.MIN_VALUE;
  private final byte[] cachedPrefix = new byte[20]; // "2026-11-21T15:30:45."

  /** Writes the quoted timestamp of {@code epochMicros}. */
  void writeTimestamp(JsonBytes out, long epochMicros) {
    long second = Math.floorDiv(epochMicros, MICROS_PER_SECOND);
    if (second != cachedSecond) {
      JsonBytes tmp = new JsonBytes(24);
      writeDateTime(tmp, second);
      System.arraycopy(tmp.buf, 0, cachedPrefix, 0, 20);
      cachedSecond = second;
    }
    out.writeByte('"');
    out.writeBytes(cachedPrefix);
    out.writeFixedDigits(Math.floorMod(epochMicros, MICROS_PER_SECOND), 6);
    out.writeByte('Z');
    out.writeByte('"');
  }

  /** {@code yyyy-MM-ddTHH:mm:ss.} of an epoch second. */
  private static void writeDateTime(JsonBytes out, long epochSecond) {
    long day = Math.floorDiv(epochSecond, 86_400L);
    long secOfDay = Math.floorMod(epochSecond, 86_400L);
    writeDate(out, day);
    out.writeByte('T');
    out.writeFixedDigits(secOfDay / 3600, 2);
    out.writeByte(':');
    out.writeFixedDigits((secOfDay / 60) % 60, 2);
    out.writeByte(':');
    out.writeFixedDigits(secOfDay % 60, 2);
    out.writeByte('.');
  }

  /** {@code yyyy-MM-dd} of a day since the epoch (Howard Hinnant's civil_from_days). */
  static void writeDate(JsonBytes out, long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    out.writeFixedDigits(y, 4);
    out.writeByte('-');
    out.writeFixedDigits(m, 2);
    out.writeByte('-');
    out.writeFixedDigits(d, 2);
  }

  /** The file period of an event: its UTC day or hour number, or 0 when files do not rotate. */
  static long period(long epochMicros, Rotation rotation) {
    return switch (rotation) {
      case DAILY -> Math.floorDiv(epochMicros, MICROS_PER_DAY);
      case HOURLY -> Math.floorDiv(epochMicros, MICROS_PER_HOUR);
      case NONE -> 0;
    };
  }

  /** {@code voicelog_events_2026-11-21.jsonl}, {@code voicelog_events_2026-11-21T15.jsonl} or {@code voicelog_events.jsonl}. */
  static String fileName(Rotation rotation, long period) {
    JsonBytes name = new JsonBytes(48);
    name.writeAscii("voicelog_events");
    if (rotation == Rotation.DAILY) {
      name.writeByte('_');
      writeDate(name, period);
    } else if (rotation == Rotation.HOURLY) {
      name.writeByte('_');
      writeDate(name, Math.floorDiv(period, 24));
      name.writeByte('T');
      name.writeFixedDigits(Math.floorMod(period, 24), 2);
    }
    name.writeAscii(".jsonl");
    return new String(name.buf, 0, name.len, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
