package dev.voicelog.bench.logger;

import dev.voicelog.OverflowPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Burst throughput: events per second <em>accepted and written</em>. One operation is one event; one
 * invocation logs a burst of {@value #BURST} events as fast as the caller can and then waits until the
 * logger has written all of them, so the score is the rate at which events reach the file, not the rate
 * at which a queue swallows them.
 *
 * <p>Nothing may be dropped: voicelog runs with {@link OverflowPolicy#BLOCK} (a full queue makes the caller
 * wait) and Log4j2 with its default queue-full policy (the same). After every iteration the lines in the
 * files are counted and compared with the events logged; any difference fails the run. Both loggers have
 * an 8192-event queue, one producer thread and their own single writer thread.
 *
 * <p>The secondary results {@code callerBytes / callerEvents} are the allocation of the logging thread
 * alone, per event (see {@link CallerAllocation}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BurstThroughputBenchmark extends LoggerBenchmark {
  static final int BURST = 100_000;

  @Override
  OverflowPolicy overflow() {
    return OverflowPolicy.BLOCK;
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void burst(CallerAllocation allocation) {
    long start = allocation.start();
    for (int i = 0; i < BURST; i++) {
      target.log(i);
    }
    allocation.add(start, BURST);
    target.awaitWritten();
  }
}
