package dev.voicelog.bench.logger;

import dev.voicelog.OverflowPolicy;
import java.io.IOException;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every logger benchmark does around its measurement: one logger per fork (the {@code logger}
 * parameter), opened in a fresh temporary directory, checked and emptied after every iteration
 * ({@link LoggerUnderTest#verifyAllWritten()}), closed and removed at the end. Every fork gets the same
 * JVM flags, Log4j2's included (see {@link LoggerBenchmarks}).
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {
    LoggerBenchmarks.HEAP_1, LoggerBenchmarks.HEAP_2, LoggerBenchmarks.GC, LoggerBenchmarks.PRE_TOUCH,
    LoggerBenchmarks.SELECTOR, LoggerBenchmarks.THREADLOCALS, LoggerBenchmarks.DIRECT_ENCODERS,
    LoggerBenchmarks.CONTEXT_MAP, LoggerBenchmarks.RING_SIZE, LoggerBenchmarks.CONFIG})
public abstract class LoggerBenchmark {
  @Param({"voicelog", "log4j2", "log4j2-epoch"})
  public String logger;

  LoggerUnderTest target;

  /** What voicelog does when its queue is full in this benchmark (Log4j2 always makes the caller wait). */
  abstract OverflowPolicy overflow();

  @Setup(Level.Trial)
  public void open() throws IOException {
    target = LoggerBenchmarks.open(logger, BenchFiles.newDirectory(logger), overflow());
  }

  @TearDown(Level.Iteration)
  public void verifyAndDiscard() throws IOException {
    target.verifyAllWritten();
    target.discardWritten();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    target.close();
    BenchFiles.deleteRecursively(target.dir);
  }
}
