package dev.voicelog.audio.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The one loop that encodes 16-bit little-endian PCM through a G.711 table, shared by {@link MuLaw} and
 * {@link ALaw}. It reads four samples with one 8-byte load and writes their four codes with one 4-byte
 * store (the JDK's byte-array views), so per sample there is one table load and no byte assembly: about
 * 1.5x the byte-at-a-time loop (BENCHMARKS.md, Audio). Bounds are checked once, up front.
 */
final class Pcm16LeTables {
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Pcm16LeTables() {}

  /**
   * Codes {@code n} samples of {@code src} (2n bytes from {@code srcOff}) into {@code dst} from {@code dstOff}:
   * the code of sample {@code s} is {@code table[(s & 0xFFFF) >>> shift]}.
   *
   * @throws IndexOutOfBoundsException if either range is outside its array (nothing is written then)
   */
  static void encode(byte[] src, int srcOff, int n, byte[] dst, int dstOff, byte[] table, int shift) {
    Objects.checkFromIndexSize(srcOff, Math.multiplyExact(2, n), src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    int i = 0;
    for (; i <= n - 4; i += 4) {
      long four = (long) LONG_LE.get(src, srcOff + 2 * i);
      int codes = (table[((int) four & 0xFFFF) >>> shift] & 0xFF)
          | (table[((int) (four >>> 16) & 0xFFFF) >>> shift] & 0xFF) << 8
          | (table[((int) (four >>> 32) & 0xFFFF) >>> shift] & 0xFF) << 16
          | table[(int) (four >>> 48) >>> shift] << 24;
      INT_LE.set(dst, dstOff + i, codes);
    }
    for (; i < n; i++) {
      int p = srcOff + 2 * i;
      dst[dstOff + i] = table[((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8) >>> shift];
    }
  }
}
