package dev.voicelog.tap.testing;

/** AudioSocket frames as the simulated peers write them: kind, 2-byte big-endian length, payload. */
public final class AudioSocketWire {
  private AudioSocketWire() {}

  /** One frame of {@code kind} holding {@code payload}. */
  public static byte[] frame(int kind, byte[] payload) {
    byte[] f = new byte[3 + payload.length];
    f[0] = (byte) kind;
    f[1] = (byte) (payload.length >> 8);
    f[2] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 3, payload.length);
    return f;
  }
}
