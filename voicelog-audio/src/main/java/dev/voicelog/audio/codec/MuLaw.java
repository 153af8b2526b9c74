package dev.voicelog.audio.codec;

/**
 * G.711 mu-law, table-driven: one table load per sample each way.
 *
 * <p><b>Exactness.</b> Decoding gives the 256 values of ITU-T G.711 (the same as sox and the JDK). Encoding
 * is bit-exact, for all 65,536 inputs, with {@code ulaw_compress} of the ITU-T G.191 software tool library:
 * a negative sample is coded from its one's complement ({@code ~x}), so -1 codes like 0 with the sign bit
 * clear. (Sun's widespread g711.c negates instead and differs by one step on some negative inputs.) Full
 * scale clips to the largest code: 32767 encodes as {@code 0x80} (+32124) and -32768 as {@code 0x00}; the
 * JDK's own javax.sound encoder maps |x| &gt;= 32636 to the code for silence instead.
 *
 * <p><b>The tables.</b> G.191 looks only at {@code x >> 2} (14 significant bits), so the encoder table has
 * 16,384 entries indexed by the unsigned 16-bit sample shifted right by two (16 KiB, resident in L1).
 * Each entry is computed once from the segment of the biased magnitude, found with
 * {@link Integer#numberOfLeadingZeros(int)}.
 *
 * <p>Stateless and thread-safe; methods never allocate.
 */
public final class MuLaw {
  /** The code of silence (+0). */
  public static final byte SILENCE = (byte) 0xFF;

  private static final int BIAS = 33;
  private static final int CLIP = 0x1FFF;
  private static final short[] DECODE = new short[256];
  private static final byte[] ENCODE = new byte[1 << 14];

  static {
    for (int code = 0; code < 256; code++) {
      DECODE[code] = decodeByFormula(code);
    }
    for (int i = 0; i < ENCODE.length; i++) {
      ENCODE[i] = encodeByFormula((short) (i << 2));
    }
  }

  private MuLaw() {}

  /** The linear value of a mu-law code (G.711: sign, 3-bit exponent, 4-bit mantissa, all bits inverted). */
  private static short decodeByFormula(int code) {
    int u = ~code & 0xFF;
    int exponent = (u >> 4) & 7;
    int mantissa = u & 0x0F;
    int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
  }

  /** G.191's rule: 14-bit one's-complement magnitude plus 33, clipped, coded by its segment. */
  private static byte encodeByFormula(short x) {
    int magnitude = Math.min(((x < 0 ? ~x : x) >> 2) + BIAS, CLIP);
    int exponent = (31 - Integer.numberOfLeadingZeros(magnitude)) - 5; // 33..8191: bit 5..12 -> 0..7
    int mantissa = (magnitude >> (exponent + 1)) & 0x0F;
    int code = ~((exponent << 4) | mantissa) & 0x7F;
    return (byte) (x >= 0 ? code | 0x80 : code);
  }

  /** Encodes one 16-bit sample. */
  public static byte encode(short sample) {
    return ENCODE[(sample & 0xFFFF) >>> 2];
  }

  /** Decodes one code. */
  public static short decode(byte code) {
    return DECODE[code & 0xFF];
  }

  /** Encodes {@code n} samples of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}. */
  public static void encode(short[] src, int srcOff, int n, byte[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = ENCODE[(src[srcOff + i] & 0xFFFF) >>> 2];
    }
  }

  /** Decodes {@code n} codes of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}. */
  public static void decode(byte[] src, int srcOff, int n, short[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = DECODE[src[srcOff + i] & 0xFF];
    }
  }

  /**
   * Encodes {@code n} samples of 16-bit little-endian PCM (2n bytes of {@code src} from {@code srcOff})
   * into n codes. The fast path of a transcoding proxy: no intermediate array.
   */
  public static void encodePcm16le(byte[] src, int srcOff, int n, byte[] dst, int dstOff) {
    Pcm16LeTables.encode(src, srcOff, n, dst, dstOff, ENCODE, 2);
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
