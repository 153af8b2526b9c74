package dev.voicelog.audio.codec;

/**
 * 16-bit linear PCM: bytes in either order to and from {@code short} samples, and samples to and from
 * {@code float} in [-1, 1).
 *
 * <p>Float to 16-bit rounds to nearest and clips to [-32768, 32767]; the methods that convert report how
 * many samples they clipped, so a caller can count clipping instead of hearing it.
 *
 * <p>Stateless and thread-safe; methods never allocate.
 */
public final class Pcm16 {
  /** The scale between a 16-bit sample and a float: 32768 is 1.0. */
  public static final float SCALE = 32768f;

  private Pcm16() {}

  /** Reads {@code n} little-endian samples (2n bytes of {@code src} from {@code srcOff}). */
  public static void decodeLe(byte[] src, int srcOff, int n, short[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      int p = srcOff + 2 * i;
      dst[dstOff + i] = (short) ((src[p] & 0xFF) | src[p + 1] << 8);
    }
  }

  /** Reads {@code n} big-endian samples (2n bytes of {@code src} from {@code srcOff}). */
  public static void decodeBe(byte[] src, int srcOff, int n, short[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      int p = srcOff + 2 * i;
      dst[dstOff + i] = (short) (src[p] << 8 | (src[p + 1] & 0xFF));
    }
  }

  /** Writes {@code n} samples little-endian (2n bytes of {@code dst} from {@code dstOff}). */
  public static void encodeLe(short[] src, int srcOff, int n, byte[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      short v = src[srcOff + i];
      int p = dstOff + 2 * i;
      dst[p] = (byte) v;
      dst[p + 1] = (byte) (v >> 8);
    }
  }

  /** Writes {@code n} samples big-endian (2n bytes of {@code dst} from {@code dstOff}). */
  public static void encodeBe(short[] src, int srcOff, int n, byte[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      short v = src[srcOff + i];
      int p = dstOff + 2 * i;
      dst[p] = (byte) (v >> 8);
      dst[p + 1] = (byte) v;
    }
  }

  /** Swaps the bytes of every 16-bit sample of {@code buf} in place (little- to big-endian and back). */
  public static void swapBytes(byte[] buf, int off, int n) {
    for (int i = 0; i < n; i++) {
      int p = off + 2 * i;
      byte t = buf[p];
      buf[p] = buf[p + 1];
      buf[p + 1] = t;
    }
  }

  /** Converts {@code n} samples to floats ({@code x / 32768}). */
  public static void toFloat(short[] src, int srcOff, int n, float[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i] / SCALE;
    }
  }

  /** Converts {@code n} floats to samples, rounding to nearest; returns how many were clipped. */
  public static int fromFloat(float[] src, int srcOff, int n, short[] dst, int dstOff) {
    int clipped = 0;
    for (int i = 0; i < n; i++) {
      float v = src[srcOff + i] * SCALE;
      int s = Math.round(v);
      if (s > Short.MAX_VALUE) {
        s = Short.MAX_VALUE;
        clipped++;
      } else if (s < Short.MIN_VALUE) {
        s = Short.MIN_VALUE;
        clipped++;
      }
      dst[dstOff + i] = (short) s;
    }
    return clipped;
  }

  /** One float to a sample, rounding to nearest and clipping. */
  public static short fromFloat(float v) {
    int s = Math.round(v * SCALE);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
  }
}
