package dev.voicelog.audio.codec;

/**
 * G.711 A-law, table-driven: one table load per sample each way.
 *
 * <p><b>Exactness.</b> Decoding gives the 256 values of ITU-T G.711. Encoding is bit-exact, for all 65,536
 * inputs, with {@code alaw_compress} of the ITU-T G.191 software tool library: a negative sample is coded
 * from its one's complement ({@code ~x}), and the even bits of the code are inverted ({@code ^ 0x55}).
 * Full scale clips to the largest code ({@code 0xAA}, +32256; {@code 0x2A}, -32256).
 *
 * <p><b>The tables.</b> G.191 looks only at {@code x >> 4} (12 significant bits), so the encoder table has
 * 4,096 entries indexed by the unsigned 16-bit sample shifted right by four. Each entry is computed once
 * from the segment of the magnitude, found with {@link Integer#numberOfLeadingZeros(int)}.
 *
 * <p>Stateless and thread-safe; methods never allocate.
 */
public final class ALaw {
  /** The code of silence (+8, the smallest positive level). */
  public static final byte SILENCE = (byte) 0xD5;

  private static final short[] DECODE = new short[256];
  private static final byte[] ENCODE = new byte[1 << 12];

  static {
    for (int code = 0; code < 256; code++) {
      DECODE[code] = decodeByFormula(code);
    }
    for (int i = 0; i < ENCODE.length; i++) {
      ENCODE[i] = encodeByFormula((short) (i << 4));
    }
  }

  private ALaw() {}

  /** The linear value of an A-law code (G.711: even bits inverted, sign set for positive values). */
  private static short decodeByFormula(int code) {
    int a = (code ^ 0x55) & 0xFF;
    int exponent = (a >> 4) & 7;
    int mantissa = a & 0x0F;
    int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
  }

  /** G.191's rule: 11-bit one's-complement magnitude, linear below 16, else coded by its segment. */
  private static byte encodeByFormula(short x) {
    int magnitude = (x < 0 ? ~x : x) >> 4; // 0..2047
    int code;
    if (magnitude < 16) {
      code = magnitude;
    } else {
      int exponent = (31 - Integer.numberOfLeadingZeros(magnitude)) - 3; // bit 4..10 -> 1..7
      code = (exponent << 4) | ((magnitude >> (exponent - 1)) & 0x0F);
    }
    if (x >= 0) {
      code |= 0x80;
    }
    return (byte) (code ^ 0x55);
  }

  /** Encodes one 16-bit sample. */
  public static byte encode(short sample) {
    return ENCODE[(sample & 0xFFFF) >>> 4];
  }

  /** Decodes one code. */
  public static short decode(byte code) {
    return DECODE[code & 0xFF];
  }

  /** Encodes {@code n} samples of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}. */
  public static void encode(short[] src, int srcOff, int n, byte[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = ENCODE[(src[srcOff + i] & 0xFFFF) >>> 4];
    }
  }

  /** Decodes {@code n} codes of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}. */
  public static void decode(byte[] src, int srcOff, int n, short[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = DECODE[src[srcOff + i] & 0xFF];
    }
  }

  /** Encodes {@code n} samples of 16-bit little-endian PCM (2n bytes of {@code src}) into n codes. */
  public static void encodePcm16le(byte[] src, int srcOff, int n, byte[] dst, int dstOff) {
    Pcm16LeTables.encode(src, srcOff, n, dst, dstOff, ENCODE, 4);
  }

  /** Decodes {@code n} codes into 16-bit little-endian PCM (2n bytes of {@code dst} from {@code dstOff}). */
  public static void decodePcm16le(byte[] src, int srcOff, int n, byte[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      short v = DECODE[src[srcOff + i] & 0xFF];
      int p = dstOff + 2 * i;
      dst[p] = (byte) v;
      dst[p + 1] = (byte) (v >> 8);
    }
  }
}
