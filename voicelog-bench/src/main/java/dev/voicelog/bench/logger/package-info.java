/**
 * The event logger (issue 2) against its peer, Log4j2 2.24 with every logger asynchronous, garbage-free,
 * through {@code JsonTemplateLayout}, both writing the same {@code SampleEvent}: events per second accepted
 * and written ({@link BurstThroughputBenchmark}), caller latency at 100,000 events/s
 * ({@link PacedLatencyBenchmark}), the caller thread's allocation per event ({@link CallerAllocation}) and the
 * cost of a disabled log ({@link DisabledLoggingBenchmark}). Every iteration counts the lines on disk, so a
 * logger that drops events cannot look fast. {@link QuietSession}, not JMH, measures the writer thread of an
 * idle session. Figures: BENCHMARKS.md, "Logger".
 */
package dev.voicelog.bench.logger;
