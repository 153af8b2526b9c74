package dev.voicelog.testing;

import dev.voicelog.LineListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Counts the {@code SESSION_END} lines a log writes (a {@link LineListener}), so a test can wait for
 * sessions that end on other threads without polling. A line reaches listeners as the writer takes it,
 * possibly just before its batch is in the file: {@code flush} the log before reading the files. Thread-safe.
 */
public final class SessionEnds implements LineListener {
  private final Semaphore ends = new Semaphore(0);

  @Override
  public void onLine(byte[] line) {
    if (new String(line, StandardCharsets.UTF_8).contains("\"event_type\":\"SESSION_END\"")) {
      ends.release();
    }
  }

  /** Waits for {@code n} more sessions to end; fails if they do not within {@code timeout}. */
  public void await(int n, Duration timeout) throws InterruptedException {
    if (!ends.tryAcquire(n, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("fewer than " + n + " SESSION_END lines within " + timeout);
    }
  }
}
