package dev.voicelog.bench.logger;

import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What logging costs when it is turned off ({@code VOICELOG_ENABLED=false}, {@link VoiceLog#disabled()}):
 * the sample event logged into a session of the disabled log, against a baseline that does the same work
 * around it (advancing the event index) and logs nothing. The issue asks that the difference be nothing
 * measurable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {LoggerBenchmarks.HEAP_1, LoggerBenchmarks.HEAP_2, LoggerBenchmarks.GC})
public class DisabledLoggingBenchmark {
  private Session session;
  private int i;

  @Setup(Level.Trial)
  public void open() {
    session = VoiceLog.disabled().startSession(SampleEvent.SESSION_ID);
  }

  @Benchmark
  public int baseline() {
    return i++;
  }

  @Benchmark
  public int disabled() {
    int n = i++;
    VoiceLogTarget.logSample(session, n);
    return n;
  }
}
