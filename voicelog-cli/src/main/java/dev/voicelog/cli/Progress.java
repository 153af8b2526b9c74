package dev.voicelog.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A progress bar on standard error for scans that take more than a second, only when the terminal is
 * interactive: nothing is drawn for a quick scan, into a pipe or under a test. Drawn by one daemon
 * thread every 200 ms; {@link #close()} erases it. The reading threads only add to a counter.
 */
final class Progress implements LongConsumer, AutoCloseable {
  static final long SHOW_AFTER_MILLIS = 1_000;
  private static final long REDRAW_MILLIS = 200;

  private final AtomicLong done = new AtomicLong();
  private final long total;
  private final PrintWriter err;
  private final Thread drawer;
  private volatile boolean closed;
  private volatile boolean drawn;

  private Progress(long total, PrintWriter err, boolean interactive) {
    this.total = Math.max(1, total);
    this.err = err;
    if (interactive) {
      drawer = new Thread(this::draw, "voicelog-progress");
      drawer.setDaemon(true);
      drawer.start();
    } else {
      drawer = null;
    }
  }

  /** A progress bar for {@code totalBytes}, drawn only if standard error is an interactive terminal. */
  static Progress start(long totalBytes, PrintWriter err) {
    return new Progress(totalBytes, err, Terminal.stderr());
  }

  @Override
  public void accept(long bytes) {
    done.addAndGet(bytes);
  }

  private void draw() {
    long started = System.nanoTime();
    try {
      Thread.sleep(SHOW_AFTER_MILLIS);
      while (!closed) {
        long d = done.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        int pct = (int) Math.min(100, d * 100 / total);
        int filled = pct * 30 / 100;
        synchronized (err) {
          if (!closed) {
            err.print(String.format("\r[%s%s] %3d%%  %,.0f MB/s ", "#".repeat(filled), ".".repeat(30 - filled), pct,
                d / 1e6 / seconds));
            err.flush();
            drawn = true;
          }
        }
        Thread.sleep(REDRAW_MILLIS);
      }
    } catch (InterruptedException stop) {
      // closed
    }
  }

  @Override
  public void close() {
    closed = true;
    if (drawer != null) {
      drawer.interrupt();
      try {
        drawer.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (err) {
      if (drawn) {
        err.print("\r" + " ".repeat(60) + "\r");
        err.flush();
      }
    }
  }
}
