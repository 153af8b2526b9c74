package dev.voicelog.otel;

import dev.voicelog.OverflowPolicy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Knows where every ended span is: waiting for export or being exported ({@link #inFlight()}), delivered
 * ({@link #exported()}) or lost ({@link #dropped()}). It is the bounded queue in front of the SDK's
 * {@code BatchSpanProcessor}: a span is admitted only while fewer than {@code capacity} are in flight, so
 * the processor's own queue (as large) never overflows silently, and a span refused here is counted. An
 * export that fails (collector down, slow past the timeout, refusing) counts its spans dropped.
 *
 * <p>The first drop is reported once through {@link System.Logger} (naming the endpoint, never a header);
 * every later one is only counted.
 *
 * <p><b>Overflow.</b> {@link OverflowPolicy#DROP} (live: the dispatcher thread never waits) refuses at
 * once; {@link OverflowPolicy#BLOCK} (replay: nothing should be lost to speed) waits for room up to the
 * block timeout, then refuses.
 *
 * <p>Thread-safe: admitted on the thread that ends spans, completed on the exporter's threads.
 */
final class SpanAccounting {
  private static final System.Logger LOG = System.getLogger("dev.voicelog.otel");

  private final int capacity;
  private final OverflowPolicy overflow;
  private final long blockNanos;
  private final String endpoint;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean reported = new AtomicBoolean();
  private int inFlight; // guarded by this
  private boolean closed; // guarded by this
  private boolean abandoned; // guarded by this: in-flight spans were counted dropped; later completions are theirs

  /**
   * @param endpoint where spans go, for the one report (already stripped of credentials)
   */
  SpanAccounting(int capacity, OverflowPolicy overflow, long blockNanos, String endpoint) {
    this.capacity = capacity;
    this.overflow = overflow;
    this.blockNanos = blockNanos;
    this.endpoint = endpoint;
  }

  /** Whether one more ended span may go to the processor; a refusal is counted. */
  boolean admit() {
    synchronized (this) {
      long deadline = overflow == OverflowPolicy.BLOCK ? System.nanoTime() + blockNanos : 0;
      while (!closed && inFlight >= capacity && overflow == OverflowPolicy.BLOCK) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!closed && inFlight < capacity) {
        inFlight++;
        return true;
      }
    }
    drop(1, closedReason());
    return false;
  }

  private synchronized String closedReason() {
    return closed ? "it was closed" : "the export queue (" + capacity + " spans) is full: the collector is slow or down";
  }

  /** An export of {@code n} admitted spans finished: delivered, or not. */
  void completed(int n, boolean delivered) {
    synchronized (this) {
      if (abandoned) {
        return; // already counted dropped when the close gave up on them
      }
      inFlight -= n;
      notifyAll();
    }
    if (delivered) {
      exported.addAndGet(n);
    } else {
      drop(n, "the collector did not accept an export");
    }
  }

  /** No more spans are admitted; those still in flight are counted dropped by {@link #abandonInFlight()}. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /**
   * After the shutdown (finished or given up on): what is still in flight will not be counted delivered,
   * even if an export answers later.
   */
  void abandonInFlight() {
    int left;
    synchronized (this) {
      left = inFlight;
      inFlight = 0;
      abandoned = true;
    }
    if (left > 0) {
      drop(left, "they were still waiting for export when it was closed");
    }
  }

  private void drop(long n, String why) {
    dropped.addAndGet(n);
    if (reported.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "voicelog-otel: spans for " + endpoint + " are being dropped (" + why
          + "); the agent is not affected and every drop is counted (VoiceLogOtel.droppedSpans()). This is reported once.");
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }

  long exported() {
    return exported.get();
  }

  long dropped() {
    return dropped.get();
  }
}
