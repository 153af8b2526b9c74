package dev.voicelog.bench.tapprocess;

import java.io.IOException;

/**
 * A relay the benchmark started as a process of its own, between the harness's clients and its upstream:
 * where it listens, the CPU it used, its end. Not thread-safe: one trial's setup and teardown own it.
 */
public interface RelayProcess extends AutoCloseable {
  /** The port it listens on (127.0.0.1). */
  int port();

  /** Its CPU time (with the processes it forked, if it forks per connection); reads throw as {@link CpuMeter} says. */
  CpuMeter cpu();

  /** Ends it, and prints what it has to say at the end; {@link IOException} if that cannot be read. */
  @Override
  void close() throws IOException;
}
