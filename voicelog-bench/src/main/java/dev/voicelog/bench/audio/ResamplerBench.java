package dev.voicelog.bench.audio;

import dev.voicelog.audio.measure.ResamplerSweep;
import dev.voicelog.audio.resample.Resampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The resampler against {@code sox -D rate -h}, in the same run, on the same input: the quality sweep of
 * {@link ResamplerSweep} repeated to {@value #SECONDS} s. JMH's score is milliseconds per whole input;
 * BENCHMARKS.md divides it by the outputs (the input's length times {@code to / from}, rounded up) to give
 * nanoseconds per output sample.
 *
 * <ul>
 *   <li>{@code ours}: streaming, the input fed in chunks of {@code chunkMs} (20 ms is what a call
 *       delivers; 100 ms is closer to how sox buffers).</li>
 *   <li>{@code sox}: one {@code sox} process converting the file (f32 raw in and out on tmpfs or disk);
 *       {@code soxEmpty} is the same on an empty input: process start-up, to subtract.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ResamplerBench {
  static final int SECONDS = 60;

  @Param({"8000:16000", "16000:24000"})
  public String pair;

  @Param({"20", "100"})
  public int chunkMs;

  int from;
  int to;
  float[] input;
  float[] output;
  Path inFile;
  Path outFile;
  Path emptyFile;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    from = Integer.parseInt(pair.split(":")[0]);
    to = Integer.parseInt(pair.split(":")[1]);
    float[] sweep = ResamplerSweep.input(from, to);
    input = new float[SECONDS * from];
    for (int i = 0; i < input.length; i++) {
      input[i] = sweep[i % sweep.length];
    }
    output = new float[Resampler.create(from, to).maxOutput(input.length) + 4096];
    inFile = Files.createTempFile("sweep", ".f32");
    outFile = Files.createTempFile("sweep-out", ".f32");
    emptyFile = Files.createTempFile("empty", ".f32");
    ByteBuffer b = ByteBuffer.allocate(input.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(input);
    Files.write(inFile, b.array());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(inFile);
    Files.deleteIfExists(outFile);
    Files.deleteIfExists(emptyFile);
  }

  @Benchmark
  public void ours(Blackhole bh) {
    Resampler r = Resampler.create(from, to);
    int chunk = from * chunkMs / 1000;
    int n = 0;
    for (int off = 0; off < input.length; off += chunk) {
      n += r.process(input, off, Math.min(chunk, input.length - off), output, n);
    }
    n += r.flush(output, n);
    bh.consume(n);
  }

  @Benchmark
  public int sox() throws Exception {
    return runSox(inFile);
  }

  @Benchmark
  public int soxEmpty() throws Exception {
    return runSox(emptyFile);
  }

  int runSox(Path in) throws Exception {
    Process p = new ProcessBuilder("sox", "-D", "-t", "f32", "-r", "" + from, "-c", "1", in.toString(),
        "-t", "f32", "-r", "" + to, "-c", "1", outFile.toString(), "rate", "-h")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("sox failed: " + rc);
    }
    return rc;
  }
}
