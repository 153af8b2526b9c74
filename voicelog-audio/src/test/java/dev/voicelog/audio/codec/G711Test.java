package dev.voicelog.audio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.audio.testing.Tools;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * G.711 against its references. The G.191 software tool library's ulaw_compress/alaw_compress/ulaw_expand/
 * alaw_expand are transcribed below from the C, loop for loop, as the oracle; the production code builds
 * its tables another way (segment from the leading-zero count).
 */
class G711Test {
  @TempDir Path dir;

  // ---- ITU-T G.191 STL g711.c, transcribed (short arithmetic kept) ----
  static int g191UlawCompress(short lin) {
    short absno = (short) (lin < 0 ? ((~lin) >> 2) + 33 : (lin >> 2) + 33);
    if (absno > 0x1FFF) {
      absno = 0x1FFF;
    }
    short i = (short) (absno >> 6);
    short segno = 1;
    while (i != 0) {
      segno++;
      i >>= 1;
    }
    short high = (short) (0x0008 - segno);
    short low = (short) ((absno >> segno) & 0x000F);
    low = (short) (0x000F - low);
    int log = (high << 4) | low;
    if (lin >= 0) {
      log |= 0x0080;
    }
    return log & 0xFF;
  }

  static int g191AlawCompress(short lin) {
    short ix = (short) (lin < 0 ? (~lin) >> 4 : lin >> 4);
    if (ix > 15) {
      short iexp = 1;
      while (ix > 16 + 15) {
        ix >>= 1;
        iexp++;
      }
      ix -= 16;
      ix += iexp << 4;
    }
    if (lin >= 0) {
      ix |= 0x0080;
    }
    return (ix ^ 0x0055) & 0xFF;
  }

  static short g191UlawExpand(int log) {
    short sign = (short) (log < 0x0080 ? -1 : 1);
    short mantissa = (short) ~log;
    short exponent = (short) ((mantissa >> 4) & 0x0007);
    short segment = (short) (exponent + 1);
    mantissa = (short) (mantissa & 0x000F);
    short step = (short) (4 << segment);
    return (short) (sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33));
  }

  static short g191AlawExpand(int log) {
    short ix = (short) (log ^ 0x0055);
    ix &= 0x007F;
    short iexp = (short) (ix >> 4);
    short mant = (short) (ix & 0x000F);
    if (iexp > 0) {
      mant = (short) (mant + 16);
    }
    mant = (short) ((mant << 4) + 0x0008);
    if (iexp > 1) {
      mant = (short) (mant << (iexp - 1));
    }
    return (short) (log > 127 ? mant : -mant);
  }

  @Test
  void muLawEncodeIsBitExactWithG191ForAll65536Inputs() {
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      assertThat(MuLaw.encode((short) x) & 0xFF).as("x=%d", x).isEqualTo(g191UlawCompress((short) x));
    }
  }

  @Test
  void aLawEncodeIsBitExactWithG191ForAll65536Inputs() {
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      assertThat(ALaw.encode((short) x) & 0xFF).as("x=%d", x).isEqualTo(g191AlawCompress((short) x));
    }
  }

  @Test
  void decodeIsBitExactWithG191ForAll256Codes() {
    for (int c = 0; c < 256; c++) {
      assertThat(MuLaw.decode((byte) c)).as("mu-law %02x", c).isEqualTo(g191UlawExpand(c));
      assertThat(ALaw.decode((byte) c)).as("A-law %02x", c).isEqualTo(g191AlawExpand(c));
    }
  }

  @Test
  void negativeInputsUseOnesComplementUnlikeSunG711() {
    // -1 is ~0: G.191 codes it as "negative zero" (0x7F), where negating first (Sun g711.c) gives 0x7E.
    assertThat(MuLaw.encode((short) -1) & 0xFF).isEqualTo(0x7F);
    assertThat(MuLaw.decode(MuLaw.encode((short) -1))).isEqualTo((short) 0);
  }

  @Test
  void decodeMatchesSoxForAll256Codes() throws Exception {
    byte[] codes = new byte[256];
    for (int c = 0; c < 256; c++) {
      codes[c] = (byte) c;
    }
    Path in = dir.resolve("codes");
    Files.write(in, codes);
    for (String type : new String[] {"ul", "al"}) {
      short[] sox = Tools.shortsLe(Tools.sox("-t", type, "-r", "8000", "-c", "1", in.toString(),
          "-t", "s16", "-e", "signed-integer", "-L", "-"));
      for (int c = 0; c < 256; c++) {
        short ours = type.equals("ul") ? MuLaw.decode((byte) c) : ALaw.decode((byte) c);
        assertThat(ours).as("%s code %02x", type, c).isEqualTo(sox[c]);
      }
    }
  }

  @Test
  void fullScaleClipsToTheLargestCodeWhereTheJdkEncoderGoesSilent() throws Exception {
    short[] loud = {32767, 32637, 32636, -32768, -32637, -32636};
    byte[] jdk = jdkMuLaw(loud);
    for (int i = 0; i < loud.length; i++) {
      short ours = MuLaw.decode(MuLaw.encode(loud[i]));
      assertThat(Math.abs((int) ours)).as("ours, x=%d", loud[i]).isEqualTo(32124);
      assertThat(MuLaw.decode(jdk[i])).as("JDK, x=%d", loud[i]).isEqualTo((short) 0);
    }
  }

  @Test
  void bulkPcm16lePathsAgreeWithPerSampleCodec() {
    short[] s = new short[65536];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (i - 32768);
    }
    byte[] le = new byte[s.length * 2];
    Pcm16.encodeLe(s, 0, s.length, le, 0);
    byte[] mu = new byte[s.length];
    byte[] a = new byte[s.length];
    MuLaw.encodePcm16le(le, 0, s.length, mu, 0);
    ALaw.encodePcm16le(le, 0, s.length, a, 0);
    byte[] back = new byte[le.length];
    MuLaw.decodePcm16le(mu, 0, s.length, back, 0);
    short[] decoded = new short[s.length];
    Pcm16.decodeLe(back, 0, s.length, decoded, 0);
    for (int i = 0; i < s.length; i++) {
      assertThat(mu[i]).isEqualTo(MuLaw.encode(s[i]));
      assertThat(a[i]).isEqualTo(ALaw.encode(s[i]));
      assertThat(decoded[i]).isEqualTo(MuLaw.decode(mu[i]));
    }
    ALaw.decodePcm16le(a, 0, s.length, back, 0);
    Pcm16.decodeLe(back, 0, s.length, decoded, 0);
    for (int i = 0; i < s.length; i++) {
      assertThat(decoded[i]).isEqualTo(ALaw.decode(a[i]));
    }
  }

  @Test
  void bulkEncodingAtAnyOffsetAndLengthCodesEverySampleAndNothingElse() {
    java.util.Random r = new java.util.Random(7);
    byte[] le = new byte[64];
    r.nextBytes(le);
    for (int srcOff = 0; srcOff < 5; srcOff++) {
      for (int n = 0; n <= 9; n++) {
        for (int dstOff = 0; dstOff < 3; dstOff++) {
          byte[] mu = new byte[16];
          byte[] a = new byte[16];
          java.util.Arrays.fill(mu, (byte) 0x55);
          java.util.Arrays.fill(a, (byte) 0x55);
          MuLaw.encodePcm16le(le, srcOff, n, mu, dstOff);
          ALaw.encodePcm16le(le, srcOff, n, a, dstOff);
          for (int i = 0; i < mu.length; i++) {
            int k = i - dstOff;
            short x = (short) ((le[srcOff + 2 * Math.max(k, 0)] & 0xFF) | le[srcOff + 2 * Math.max(k, 0) + 1] << 8);
            boolean coded = k >= 0 && k < n;
            assertThat(mu[i]).as("mu-law srcOff %d n %d dstOff %d byte %d", srcOff, n, dstOff, i)
                .isEqualTo(coded ? MuLaw.encode(x) : (byte) 0x55);
            assertThat(a[i]).as("A-law srcOff %d n %d dstOff %d byte %d", srcOff, n, dstOff, i)
                .isEqualTo(coded ? ALaw.encode(x) : (byte) 0x55);
          }
        }
      }
    }
    byte[] small = new byte[4];
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MuLaw.encodePcm16le(le, 60, 3, small, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ALaw.encodePcm16le(le, 0, 5, small, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(small).as("nothing written before the bounds failed").containsOnly(0);
  }

  static byte[] jdkMuLaw(short[] samples) throws Exception {
    byte[] pcm = new byte[samples.length * 2];
    Pcm16.encodeLe(samples, 0, samples.length, pcm, 0);
    AudioFormat linear = new AudioFormat(8000, 16, 1, true, false);
    AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), linear, samples.length);
        AudioInputStream out = AudioSystem.getAudioInputStream(ulaw, in)) {
      return out.readAllBytes();
    }
  }
}
