package dev.voicelog.bench.audio;

import dev.voicelog.audio.measure.ResamplerSweep;
import dev.voicelog.audio.resample.Resampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the measured passband ripple and rejection of our resampler and of {@code sox -D rate -h} on the
 * same sweep ({@link ResamplerSweep}), for the benchmarked rate pairs. Run:
 * {@code java -cp voicelog-bench/target/benchmarks.jar dev.voicelog.bench.audio.ResamplerQualityReport}.
 */
public final class ResamplerQualityReport {
  private ResamplerQualityReport() {}

  public static void main(String[] args) throws Exception {
    int[][] pairs = {{8000, 16000}, {16000, 24000}, {48000, 8000}, {44100, 16000}};
    for (int[] pair : pairs) {
      int from = pair[0];
      int to = pair[1];
      float[] in = ResamplerSweep.input(from, to);
      Path inFile = Files.createTempFile("sweep", ".f32");
      ByteBuffer b = ByteBuffer.allocate(in.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(in);
      Files.write(inFile, b.array());
      Process p = new ProcessBuilder("sox", "-D", "-t", "f32", "-r", "" + from, "-c", "1", inFile.toString(),
          "-t", "f32", "-r", "" + to, "-c", "1", "-", "rate", "-h").start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("sox failed");
      }
      Files.delete(inFile);
      float[] sox = new float[out.length / 4];
      ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(sox);
      System.out.println("sox -D rate -h  " + ResamplerSweep.analyze(from, to, sox));
      Resampler r = Resampler.create(from, to);
      System.out.println("voicelog        " + ResamplerSweep.analyze(from, to, r.resampleAll(in))
          + ", " + r.tapsPerOutput() + " taps per output");
    }
  }
}
