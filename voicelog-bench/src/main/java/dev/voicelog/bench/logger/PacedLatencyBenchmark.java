package dev.voicelog.bench.logger;

import dev.voicelog.OverflowPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Caller latency at a steady {@value #EVENTS_PER_SECOND} events per second: how long the logging call
 * holds the caller's thread (an audio thread has 20 ms per frame and wants the log to take none of it).
 *
 * <p>JMH's {@code SampleTime} mode times single invocations and reports the percentiles (p0.50, p0.99,
 * p0.9999...). The pacing is an invocation-level setup, which JMH runs outside the timed region: it spins
 * until the event's slot in the schedule (one every {@value #PERIOD_NANOS} ns), so the timed region is
 * only the logging call. A caller that fell behind (a GC pause) does not catch up in a burst; the schedule
 * starts again from now.
 *
 * <p>Both loggers run with their defaults when full: voicelog drops and counts ({@link OverflowPolicy#DROP},
 * it never blocks the caller), Log4j2 makes the caller wait. At this rate neither queue should fill; after
 * every iteration the lines on disk are counted and any lost event fails the run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class PacedLatencyBenchmark extends LoggerBenchmark {
  static final int EVENTS_PER_SECOND = 100_000;
  static final long PERIOD_NANOS = 1_000_000_000L / EVENTS_PER_SECOND;

  private long nextAt;
  private int i;

  @Override
  OverflowPolicy overflow() {
    return OverflowPolicy.DROP;
  }

  @Setup(Level.Iteration)
  public void startSchedule() {
    nextAt = System.nanoTime();
  }

  /** Waits for this event's slot in the schedule; not timed. */
  @Setup(Level.Invocation)
  public void pace() {
    long now;
    while ((now = System.nanoTime()) < nextAt) {
      Thread.onSpinWait();
    }
    nextAt = now - nextAt > PERIOD_NANOS ? now + PERIOD_NANOS : nextAt + PERIOD_NANOS;
  }

  @Benchmark
  public void logOneEvent() {
    target.log(i++);
  }
}
