package dev.voicelog.cli.proxy;

import java.io.Writer;
import java.time.Duration;

/**
 * What a command printed, for a test that runs the command on another thread: a {@link Writer} whose
 * text can be awaited ({@link #awaitContains}) without polling. Thread-safe.
 */
final class ConsoleText extends Writer {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(char[] cbuf, int off, int len) {
    text.append(cbuf, off, len);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** Waits until the text contains {@code s}; fails, showing the text, if it does not within {@code timeout}. */
  synchronized void awaitContains(String s, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (text.indexOf(s) < 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no \"" + s + "\" printed within " + timeout + ":\n" + text);
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  @Override
  public synchronized String toString() {
    return text.toString();
  }
}
