package dev.voicelog;

import java.security.SecureRandom;

/**
 * Generated session ids: {@code conv_} + 10 chars of milliseconds and 10 random chars, in Crockford's
 * base32 (as a ULID), so ids sort by start time and never collide across processes. Thread-safe.
 */
final class SessionIds {
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {}

  static String next(long epochMicros) {
    char[] out = new char[25];
    "conv_".getChars(0, 5, out, 0);
    long ms = epochMicros / 1000;
    for (int i = 14; i >= 5; i--) {
      out[i] = BASE32[(int) (ms & 31)];
      ms >>>= 5;
    }
    long r = RANDOM.nextLong();
    for (int i = 15; i < 25; i++) {
      out[i] = BASE32[(int) (r & 31)];
      r >>>= 5;
    }
    return new String(out);
  }
}
