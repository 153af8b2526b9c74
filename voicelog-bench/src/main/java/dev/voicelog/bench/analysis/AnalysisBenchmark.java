package dev.voicelog.bench.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code stats} over a ~1 GB native log: voicelog ({@code Analysis.statistics}, the code behind
 * {@code voicelog stats}) against DuckDB ({@code read_ndjson} and the same metrics in SQL), both on
 * {@link #threads} threads. One operation is one full scan; MB/s = file size / time. The trial setup
 * checks that both give the same results and fails the run if not.
 *
 * <p>{@code java -jar voicelog-bench/target/benchmarks.jar AnalysisBenchmark -p dir=voicelog-bench/target/analysis-bench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class AnalysisBenchmark {
  @Param("voicelog-bench/target/analysis-bench")
  public String dir;

  @Param("1024")
  public long megabytes;

  @Param("2")
  public int threads;

  private Path file;

  @Setup
  public void setUp() throws Exception {
    file = NativeLogGenerator.generate(Path.of(dir), megabytes << 20, 42);
    List<String> diff = AnalysisComparison.voicelog(file, threads).differences(DuckDbStats.run(file, threads));
    if (!diff.isEmpty()) {
      throw new IllegalStateException("voicelog and DuckDB disagree: " + diff);
    }
    System.out.printf("%n%s: %,d bytes; voicelog and DuckDB agree%n", file, Files.size(file));
  }

  @Benchmark
  public MetricTable voicelogStats() throws Exception {
    return AnalysisComparison.voicelog(file, threads);
  }

  @Benchmark
  public MetricTable duckdbStats() throws Exception {
    return DuckDbStats.run(file, threads);
  }
}
