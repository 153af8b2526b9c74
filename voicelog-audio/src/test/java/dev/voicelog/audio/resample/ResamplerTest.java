package dev.voicelog.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.audio.measure.ResamplerSweep;
import dev.voicelog.audio.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResamplerTest {
  static final int[] RATES = {8_000, 12_000, 16_000, 24_000, 32_000, 44_100, 48_000};

  @TempDir Path dir;

  @Test
  void everyRatePairMeetsTheSpecification() {
    StringBuilder report = new StringBuilder();
    for (int from : RATES) {
      for (int to : RATES) {
        if (from == to) {
          continue;
        }
        ResamplerSweep.Result r = ResamplerSweep.analyze(from, to,
            Resampler.create(from, to).resampleAll(ResamplerSweep.input(from, to)));
        report.append(r).append('\n');
        assertThat(r.rippleDb()).as("%s", r).isLessThan(0.01);
        assertThat(r.rejectionDb()).as("%s", r).isGreaterThanOrEqualTo(100);
      }
    }
    System.out.print(report);
  }

  @Test
  void theSweepCatchesAResamplerBelowTheSpecification() {
    // Linear interpolation 8k -> 16k: the measurement must call it what it is.
    float[] in = ResamplerSweep.input(8000, 16000);
    float[] out = new float[in.length * 2];
    for (int i = 0; i < in.length; i++) {
      out[2 * i] = in[i];
      out[2 * i + 1] = i + 1 < in.length ? (in[i] + in[i + 1]) / 2 : in[i] / 2;
    }
    ResamplerSweep.Result r = ResamplerSweep.analyze(8000, 16000, out);
    assertThat(r.rejectionDb()).isLessThan(40);
    assertThat(r.rippleDb()).isGreaterThan(0.01);
  }

  @Test
  void chunkBoundariesChangeNothing() {
    Random random = new Random(42);
    for (int[] pair : new int[][] {{8000, 16000}, {16000, 24000}, {44100, 48000}, {48000, 8000}, {8000, 44100}}) {
      float[] in = new float[pair[0] / 2];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) random.nextGaussian() * 0.2f;
      }
      float[] whole = Resampler.create(pair[0], pair[1]).resampleAll(in);
      Resampler r = Resampler.create(pair[0], pair[1]);
      float[] out = new float[whole.length + 100];
      int n = 0;
      for (int off = 0; off < in.length; ) {
        int len = Math.min(in.length - off, random.nextInt(700));
        float[] tmp = new float[r.maxOutput(len)];
        int k = r.process(in, off, len, tmp, 0);
        System.arraycopy(tmp, 0, out, n, k);
        n += k;
        off += len;
      }
      n += r.flush(out, n);
      assertThat(Arrays.copyOf(out, n)).as("%d -> %d", pair[0], pair[1]).isEqualTo(whole);
    }
  }

  @Test
  void outputIsTimeAlignedAndHasTheRatiosLength() {
    // A click at input sample 800 (0.1 s) peaks at 0.1 s of the output.
    for (int[] pair : new int[][] {{8000, 24000}, {48000, 16000}, {16000, 44100}}) {
      float[] in = new float[pair[0] / 5];
      int at = pair[0] / 10;
      in[at] = 1f;
      float[] out = Resampler.create(pair[0], pair[1]).resampleAll(in);
      assertThat(out).hasSize((int) Math.ceil(in.length * (double) pair[1] / pair[0]));
      int peak = 0;
      for (int i = 1; i < out.length; i++) {
        if (Math.abs(out[i]) > Math.abs(out[peak])) {
          peak = i;
        }
      }
      assertThat(Math.abs(peak - pair[1] / 10)).as("%d -> %d", pair[0], pair[1]).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void equalRatesPassSamplesThrough() {
    float[] in = {0.1f, -0.2f, 0.3f};
    assertThat(Resampler.create(16000, 16000).resampleAll(in)).containsExactly(in);
  }

  @Test
  void measuresInTheSameClassAsSoxRateHighOnTheSameSweep() throws Exception {
    for (int[] pair : new int[][] {{8000, 16000}, {16000, 24000}, {48000, 8000}}) {
      int from = pair[0];
      int to = pair[1];
      float[] in = ResamplerSweep.input(from, to);
      Path inFile = dir.resolve("sweep.f32");
      Files.write(inFile, Tools.bytesLe(in));
      float[] sox = Tools.floatsLe(Tools.sox("-D", "-t", "f32", "-r", "" + from, "-c", "1", inFile.toString(),
          "-t", "f32", "-r", "" + to, "-c", "1", "-", "rate", "-h"));
      ResamplerSweep.Result theirs = ResamplerSweep.analyze(from, to, sox);
      ResamplerSweep.Result ours = ResamplerSweep.analyze(from, to, Resampler.create(from, to).resampleAll(in));
      System.out.println("sox  " + theirs + "\nours " + ours);
      assertThat(theirs.rejectionDb()).as("sox measured by the same sweep").isGreaterThan(100);
      assertThat(ours.rejectionDb()).isGreaterThan(100);
      assertThat(ours.rippleDb()).isLessThan(0.01);
    }
  }
}
