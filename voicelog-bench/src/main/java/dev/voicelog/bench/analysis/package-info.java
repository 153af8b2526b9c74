/**
 * {@code voicelog stats} against DuckDB (issue 3; BENCHMARKS.md, "Analysis") on a ~1 GB native log that
 * {@link NativeLogGenerator} writes through the real logger: {@link AnalysisBenchmark} times one full scan of
 * each, in MB/s, after checking that both report the same turns and statistics; {@link AnalysisComparison}
 * does the same check and timing outside JMH. DuckDB's side is {@code DuckDbStats}: the same per-turn metrics
 * and percentiles in SQL.
 */
package dev.voicelog.bench.analysis;
