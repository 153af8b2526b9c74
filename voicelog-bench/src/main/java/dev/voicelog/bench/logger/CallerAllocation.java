package dev.voicelog.bench.logger;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the caller's thread allocates while it logs, reported next to the score as two secondary results:
 * {@code callerBytes} and {@code callerEvents}, each the total over the measurement iterations (JMH sums
 * event counters), so their quotient is the bytes allocated per event on the caller's path. The same
 * quotient, over the whole trial, is printed when the trial ends.
 *
 * <p>Why not only {@code -prof gc}: its {@code gc.alloc.rate.norm} counts the allocation of every thread
 * of the JVM, the logger's background writer included. This counts only the thread that logs, over the
 * logging calls only, which is what "no allocation on the hot path" is about.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CallerAllocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes the logging thread allocated in this iteration's logging calls. */
  public long callerBytes;
  /** Events logged in this iteration. */
  public long callerEvents;

  private long trialBytes;
  private long trialEvents;

  @Setup(Level.Iteration)
  public void reset() {
    callerBytes = 0;
    callerEvents = 0;
  }

  /** The allocation counter of the current thread, to pass back to {@link #add}. */
  long start() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Counts what the current thread allocated since {@code start} for {@code n} events. */
  void add(long start, int n) {
    long bytes = THREADS.getCurrentThreadAllocatedBytes() - start;
    callerBytes += bytes;
    callerEvents += n;
    trialBytes += bytes;
    trialEvents += n;
  }

  /** Prints bytes per event over the whole trial, warmup included, into the run's output. */
  @TearDown(Level.Trial)
  public void printSummary(BenchmarkParams params) {
    System.out.printf("%n%s: the caller allocated %.3f bytes per event (%d bytes over %d events, warmup included)%n",
        params.getParam("logger"), trialEvents == 0 ? 0.0 : (double) trialBytes / trialEvents, trialBytes, trialEvents);
  }
}
