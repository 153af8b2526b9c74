package dev.voicelog.bench.analysis;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code voicelog stats} against DuckDB on the same generated log, in one run: checks that both report the
 * same turns and the same statistics to the microsecond, then times each several times, alternating, and
 * prints MB/s. The JMH benchmark {@link AnalysisBenchmark} measures the same two calls.
 *
 * <p>{@code java -cp voicelog-bench/target/benchmarks.jar dev.voicelog.bench.analysis.AnalysisComparison [DIR] [MB] [ROUNDS] [THREADS]}
 */
public final class AnalysisComparison {
  private AnalysisComparison() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "voicelog-bench/target/analysis-bench");
    long mb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Path file = NativeLogGenerator.generate(dir, mb << 20, 42);
    double size = Files.size(file) / 1e6;
    System.out.printf(Locale.ROOT, "%s: %.1f MB, %d threads for each%n", file, size, threads);

    MetricTable ours = voicelog(file, threads);
    MetricTable theirs = DuckDbStats.run(file, threads);
    List<String> diff = ours.differences(theirs);
    System.out.println("voicelog stats:\n" + ours);
    if (!diff.isEmpty()) {
      System.out.println("DuckDB:\n" + theirs);
      throw new AssertionError("voicelog and DuckDB disagree: " + diff);
    }
    System.out.println("DuckDB reports the same turns and statistics, to the microsecond.");

    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      voicelog(file, threads);
      double a = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      DuckDbStats.run(file, threads);
      double b = (System.nanoTime() - t0) / 1e9;
      best[0] = Math.min(best[0], a);
      best[1] = Math.min(best[1], b);
      System.out.printf(Locale.ROOT, "round %d: voicelog %.2f s (%.0f MB/s)   DuckDB %.2f s (%.0f MB/s)%n", r + 1, a, size / a,
          b, size / b);
    }
    System.out.printf(Locale.ROOT, "best: voicelog %.0f MB/s, DuckDB %.0f MB/s%n", size / best[0], size / best[1]);
    long t0 = System.nanoTime();
    long rows = DuckDbStats.scanOnly(file, threads);
    double scan = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "for reference, DuckDB reading the file alone (count per event type, no turns): %d rows,"
        + " %.2f s (%.0f MB/s)%n", rows, scan, size / scan);
  }

  static MetricTable voicelog(Path file, int threads) throws java.io.IOException {
    Analysis.Statistics s = Analysis.statistics(List.of(file), AnalysisOptions.defaults(), null,
        LogReader.builder().parallelism(threads).build());
    return MetricTable.of(s.aggregates());
  }
}
