package dev.voicelog.audio.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.audio.codec.Pcm16;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.resample.Resampler;
import dev.voicelog.audio.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioInspectorTest {
  @TempDir static Path dir;
  static short[] speech8k;

  @BeforeAll
  static void speak() throws Exception {
    short[] s = Tools.espeak(dir, "doctor", "Hello, this is the audio doctor. Please tell me what you hear.");
    float[] f = new float[s.length];
    Pcm16.toFloat(s, 0, s.length, f, 0);
    float[] r = Resampler.create(22_050, 8_000).resampleAll(f);
    speech8k = new short[r.length];
    Pcm16.fromFloat(r, 0, r.length, speech8k, 0);
  }

  @Test
  void recognisesEachEncodingOfTheSameSpeech() {
    for (Encoding e : Encoding.values()) {
      Inspection i = AudioInspector.inspect(e.encode(speech8k), null);
      assertThat(i.encoding()).as("%s", e).isEqualTo(e);
      assertThat(i.guesses().get(0).smoothness()).isGreaterThan(0.5);
      assertThat(i.problems()).isEmpty();
    }
  }

  @Test
  void catchesMuLawSentAsPcm() {
    Inspection i = AudioInspector.inspect(Encoding.ULAW.encode(speech8k), AudioFormat.parse("pcm16le@8000"));
    assertThat(i.encoding()).isEqualTo(Encoding.ULAW);
    assertThat(i.problems()).anyMatch(p -> p.contains("G.711 sent as PCM"));
  }

  @Test
  void theEncodingCheckAloneSaysWhatTheFullInspectionSays() {
    for (Encoding declared : Encoding.values()) {
      for (Encoding actual : Encoding.values()) {
        byte[] bytes = actual.encode(speech8k);
        AudioFormat f = AudioFormat.of(declared, 8_000);
        EncodingCheck check = AudioInspector.checkEncoding(bytes, f);
        Inspection full = AudioInspector.inspect(bytes, f);
        assertThat(check.encoding()).as("%s declared as %s", actual, declared).isEqualTo(actual).isEqualTo(full.encoding());
        assertThat(check.guesses()).isEqualTo(full.guesses());
        if (declared == actual) {
          assertThat(check.problem()).isNull();
        } else {
          assertThat(full.problems()).first().isEqualTo(check.problem());
        }
      }
    }
    EncodingCheck silence = AudioInspector.checkEncoding(new byte[1600], AudioFormat.TWILIO_MULAW);
    assertThat(silence.silent()).isTrue();
    assertThat(silence.problem()).isNull();
  }

  @Test
  void catchesTheWrongByteOrder() {
    Inspection i = AudioInspector.inspect(Encoding.PCM16BE.encode(speech8k), AudioFormat.parse("pcm16le@8000"));
    assertThat(i.encoding()).isEqualTo(Encoding.PCM16BE);
    assertThat(i.problems()).anyMatch(p -> p.contains("wrong byte order"));
  }

  @Test
  void catches8kHzAudioDeclaredAs24kHz() {
    Inspection i = AudioInspector.inspect(Encoding.PCM16LE.encode(speech8k), AudioFormat.parse("pcm16le@24000"));
    assertThat(i.problems()).anyMatch(p -> p.contains("too fast and too high") && p.contains("8000 Hz"));
    assertThat(i.plausibleRates()).contains(8000).doesNotContain(24000);
    Inspection right = AudioInspector.inspect(Encoding.PCM16LE.encode(speech8k), AudioFormat.parse("pcm16le@8000"));
    assertThat(right.problems()).isEmpty();
    assertThat(right.pitchHz()).isBetween(80.0, 160.0);
  }

  @Test
  void reportsLevelsClippingDcAndSilence() {
    short[] x = new short[16_000];
    for (int i = 4_000; i < 12_000; i++) {
      x[i] = (short) Math.max(-32768, Math.min(32767, 40_000 * Math.sin(i * 0.05) + 1000));
    }
    Inspection i = AudioInspector.inspect(Encoding.PCM16LE.encode(x), AudioFormat.parse("pcm16le@16000"));
    assertThat(i.clippedSamples()).isPositive();
    assertThat(i.peakDbfs()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(i.silenceRatio()).isBetween(0.45, 0.55);
    assertThat(i.dcOffset()).isPositive();
    assertThat(i.problems()).anyMatch(p -> p.startsWith("clipping"));
  }
}
