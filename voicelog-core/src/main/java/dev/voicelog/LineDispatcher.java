package dev.voicelog;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands the writer's lines to the {@link LineListener}s on a thread of their own. The writer only copies a
 * line into the bounded queue ({@link #offer}, never blocking); when the queue is full the line is skipped
 * for the listeners and counted. Exists only when listeners were registered.
 */
final class LineDispatcher implements Runnable {
  static final int CAPACITY = 65_536;
  private static final System.Logger LOG = System.getLogger("dev.voicelog");
  private static final byte[] END = new byte[0];

  private final List<LineListener> listeners;
  private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong skipped = new AtomicLong();
  private final Thread thread;
  private final boolean[] warned;

  LineDispatcher(List<LineListener> listeners) {
    this.listeners = List.copyOf(listeners);
    this.warned = new boolean[this.listeners.size()];
    this.thread = new Thread(this, "voicelog-listeners");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writer thread: a copy of {@code len} bytes of {@code buf} from {@code off}. */
  void offer(byte[] buf, int off, int len) {
    byte[] line = java.util.Arrays.copyOfRange(buf, off, off + len);
    if (!queue.offer(line) && skipped.getAndIncrement() == 0) {
      LOG.log(System.Logger.Level.WARNING, "voicelog: line listeners fell " + CAPACITY
          + " lines behind; lines are skipped for them (the files still get every line)");
    }
  }

  long skippedLines() {
    return skipped.get();
  }

  @Override
  public void run() {
    try {
      while (true) {
        byte[] line = queue.take();
        if (line == END) {
          break;
        }
        for (int i = 0; i < listeners.size(); i++) {
          try {
            listeners.get(i).onLine(line);
          } catch (RuntimeException e) {
            reportOnce(i, e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < listeners.size(); i++) {
      try {
        listeners.get(i).onClose();
      } catch (RuntimeException e) {
        reportOnce(i, e);
      }
    }
  }

  private void reportOnce(int i, RuntimeException e) {
    if (!warned[i]) {
      warned[i] = true;
      LOG.log(System.Logger.Level.WARNING, "voicelog: line listener " + listeners.get(i) + " threw; it keeps receiving lines", e);
    }
  }

  /** After the writer's last line: delivers what is queued, then onClose; waits up to the timeout. */
  boolean close(long timeoutNanos) {
    try {
      if (!queue.offer(END, timeoutNanos, TimeUnit.NANOSECONDS)) {
        return false;
      }
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
