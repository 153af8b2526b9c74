package dev.voicelog.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.audio.codec.Pcm16;
import dev.voicelog.audio.resample.Resampler;
import dev.voicelog.audio.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyVadTest {
  static final int RATE = 16_000;
  /** Where speech is, in truth: a sample at or above this level (-44 dBFS) is speech. */
  static final int SPEECH_LEVEL = 200;

  @TempDir Path dir;

  @Test
  void aFrameIsItsLengthInMillisecondsAtTheSampleRate() {
    assertThat(EnergyVad.builder(RATE).build().frameSamples()).isEqualTo(160);
    assertThat(EnergyVad.builder(8_000).frameMs(20).build().frameSamples()).isEqualTo(160);
    assertThat(EnergyVad.builder(44_100).frameMs(10).build().frameSamples()).isEqualTo(441);
  }

  @Test
  void findsEachUtteranceOfSynthesizedSpeechWithin20Ms() throws Exception {
    String[] texts = {"Hello there, how can I help you today?", "I would like to book a table for two.", "Seven thirty, please."};
    double[] silences = {0.7, 0.9, 1.3, 0.8};
    List<short[]> parts = new ArrayList<>();
    List<long[]> truth = new ArrayList<>();
    long at = 0;
    for (int i = 0; i <= texts.length; i++) {
      int gap = (int) (silences[i] * RATE);
      parts.add(new short[gap]);
      at += gap;
      if (i == texts.length) {
        break;
      }
      short[] speech = to16k(Tools.espeak(dir, "u" + i, texts[i]));
      int first = Tools.firstAbove(speech, 0, SPEECH_LEVEL);
      int last = speech.length - 1;
      while (Math.abs((int) speech[last]) < SPEECH_LEVEL) {
        last--;
      }
      truth.add(new long[] {at + first, at + last + 1});
      parts.add(speech);
      at += speech.length;
    }
    short[] all = concat(parts);

    EnergyVad vad = EnergyVad.builder(RATE).build();
    List<SpeechEvent> events = new ArrayList<>();
    for (int off = 0; off < all.length; off += 320) { // 20 ms frames, as a call delivers them
      events.addAll(vad.process(all, off, Math.min(320, all.length - off)));
    }
    events.addAll(vad.finish());

    assertThat(events).hasSize(2 * texts.length);
    for (int i = 0; i < texts.length; i++) {
      SpeechEvent start = events.get(2 * i);
      SpeechEvent end = events.get(2 * i + 1);
      assertThat(start.start()).isTrue();
      assertThat(end.start()).isFalse();
      assertThat(ms(start.sample() - truth.get(i)[0])).as("start of utterance %d", i).isBetween(-20.0, 20.0);
      assertThat(ms(end.sample() - truth.get(i)[1])).as("end of utterance %d", i).isBetween(-20.0, 20.0);
      assertThat(start.detectedAt()).isGreaterThan(start.sample());
      assertThat(ms(end.detectedAt() - end.sample())).isBetween(300.0, 320.0);
    }
  }

  @Test
  void shortBurstsAndShortPausesAreIgnored() {
    short[] x = new short[RATE * 2];
    fill(x, 1600, 1600 + 480, 3000); // 30 ms click: under the 60 ms minimum
    fill(x, 8000, 16000, 3000); // speech 0.5 to 1.0 s ...
    fill(x, 18000, 24000, 3000); // ... a 125 ms pause (under the 300 ms hangover), more speech to 1.5 s
    EnergyVad vad = EnergyVad.builder(RATE).build();
    List<SpeechEvent> events = new ArrayList<>(vad.process(x, 0, x.length));
    events.addAll(vad.finish());
    assertThat(events).containsExactly(new SpeechEvent(true, 8000, 8960), new SpeechEvent(false, 24000, 28800));
  }

  @Test
  void aBurstTooShortForSpeechIsStillCountedLoud() {
    short[] x = new short[RATE];
    fill(x, 1600, 1600 + 480, 3000); // 30 ms: three loud frames, no speech
    EnergyVad vad = EnergyVad.builder(RATE).build();
    assertThat(vad.process(x, 0, x.length)).isEmpty();
    assertThat(vad.finish()).isEmpty();
    assertThat(vad.loudFrames()).isEqualTo(3);
    EnergyVad quiet = EnergyVad.builder(RATE).build();
    quiet.process(new short[RATE], 0, RATE);
    assertThat(quiet.loudFrames()).isZero();
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> EnergyVad.builder(RATE).thresholdDbfs(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnergyVad.builder(RATE).frameMs(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnergyVad.builder(100)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void fill(short[] x, int from, int to, int amplitude) {
    for (int i = from; i < to; i++) {
      x[i] = (short) (amplitude * Math.sin(i * 0.3));
    }
  }

  static short[] to16k(short[] at22050) {
    float[] f = new float[at22050.length];
    Pcm16.toFloat(at22050, 0, f.length, f, 0);
    float[] r = Resampler.create(22_050, RATE).resampleAll(f);
    short[] out = new short[r.length];
    Pcm16.fromFloat(r, 0, r.length, out, 0);
    return out;
  }

  private static short[] concat(List<short[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    short[] all = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static double ms(long samples) {
    return samples * 1000.0 / RATE;
  }
}
