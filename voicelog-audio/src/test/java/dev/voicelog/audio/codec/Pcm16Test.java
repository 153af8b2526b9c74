package dev.voicelog.audio.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pcm16Test {
  @Test
  void littleAndBigEndianRoundTripEverySample() {
    short[] s = new short[65536];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) i;
    }
    byte[] le = new byte[s.length * 2];
    byte[] be = new byte[s.length * 2];
    Pcm16.encodeLe(s, 0, s.length, le, 0);
    Pcm16.encodeBe(s, 0, s.length, be, 0);
    assertThat(le[2]).isEqualTo((byte) 1);
    assertThat(be[3]).isEqualTo((byte) 1);
    Pcm16.swapBytes(be, 0, s.length);
    assertThat(be).isEqualTo(le);
    short[] back = new short[s.length];
    Pcm16.decodeLe(le, 0, s.length, back, 0);
    assertThat(back).isEqualTo(s);
    Pcm16.swapBytes(le, 0, s.length);
    Pcm16.decodeBe(le, 0, s.length, back, 0);
    assertThat(back).isEqualTo(s);
  }

  @Test
  void floatConversionRoundsAndCountsClipping() {
    float[] f = {0f, 0.5f, -1f, 1f, 1.5f, -2f, 1e-5f};
    short[] s = new short[f.length];
    assertThat(Pcm16.fromFloat(f, 0, f.length, s, 0)).isEqualTo(3);
    assertThat(s).containsExactly((short) 0, (short) 16384, (short) -32768, (short) 32767, (short) 32767, (short) -32768, (short) 0);
    float[] back = new float[2];
    Pcm16.toFloat(new short[] {-32768, 16384}, 0, 2, back, 0);
    assertThat(back).containsExactly(-1f, 0.5f);
  }

  @Test
  void base64LengthIsExactWithPadding() {
    for (int n = 0; n < 50; n++) {
      String b64 = Base64.getEncoder().encodeToString(new byte[n]);
      assertThat(Base64Audio.decodedLength(b64)).as("n=%d", n).isEqualTo(n);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(new byte[n]);
      assertThat(Base64Audio.decodedLength(unpadded)).isEqualTo(n);
    }
    assertThatThrownBy(() -> Base64Audio.decodedLength("abcde")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunksSplitAudioIntoTwentyMillisecondMessages() {
    byte[] audio = new byte[400];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) i;
    }
    List<String> chunks = Base64Audio.chunks(audio, 160);
    assertThat(chunks).hasSize(3);
    assertThat(Base64Audio.decode(chunks.get(2))).hasSize(80).startsWith((byte) 64);
    assertThat(Base64Audio.decode(Base64Audio.encode(audio, 160, 160))).isEqualTo(Base64Audio.decode(chunks.get(1)));
  }
}
