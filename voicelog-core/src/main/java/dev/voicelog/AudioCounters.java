package dev.voicelog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's audio chunk counters. Counting a chunk is three atomic adds and a clock read; nothing is
 * written per chunk. {@link #report} writes the sums since the last report as one {@code AUDIO_STATS}
 * event ({@code reason} = turn, interval or session_end) and starts the sums again; it writes nothing when
 * no audio was counted. Thread-safe, and exact over time: every chunk, byte and millisecond is in exactly one
 * report (one counted while a report is being taken may have its bytes in this report and its count in the next).
 */
final class AudioCounters {
  private final AtomicLong inChunks = new AtomicLong();
  private final AtomicLong inBytes = new AtomicLong();
  private final AtomicLong inMicros = new AtomicLong();
  private final AtomicLong outChunks = new AtomicLong();
  private final AtomicLong outBytes = new AtomicLong();
  private final AtomicLong outMicros = new AtomicLong();
  private final AtomicLong lastReportNanos;

  AudioCounters(long startNanos) {
    this.lastReportNanos = new AtomicLong(startNanos);
  }

  void in(Session s, long bytes, double ms) {
    inChunks.incrementAndGet();
    inBytes.addAndGet(bytes);
    inMicros.addAndGet(Math.round(ms * 1000));
    maybeReportInterval(s);
  }

  void out(Session s, long bytes, double ms) {
    outChunks.incrementAndGet();
    outBytes.addAndGet(bytes);
    outMicros.addAndGet(Math.round(ms * 1000));
    maybeReportInterval(s);
  }

  private void maybeReportInterval(Session s) {
    long last = lastReportNanos.get();
    long now = s.nanoTime();
    if (now - last >= s.interval() && lastReportNanos.compareAndSet(last, now)) {
      take(s, "interval", s.turn());
    }
  }

  void report(Session s, String reason, int turn) {
    lastReportNanos.set(s.nanoTime());
    take(s, reason, turn);
  }

  private void take(Session s, String reason, int turn) {
    long ic = inChunks.getAndSet(0);
    long ib = inBytes.getAndSet(0);
    long im = inMicros.getAndSet(0);
    long oc = outChunks.getAndSet(0);
    long ob = outBytes.getAndSet(0);
    long om = outMicros.getAndSet(0);
    if ((ic | ib | im | oc | ob | om) == 0) { // not the chunk counts alone: a chunk being counted now may have
      return;                                    // its bytes in these sums and its count in the next
    }
    s.event(EventType.AUDIO_STATS)
        .turn(turn)
        .put("reason", reason)
        .put("in_chunks", ic)
        .put("in_bytes", ib)
        .put("in_ms", im / 1000.0)
        .put("out_chunks", oc)
        .put("out_bytes", ob)
        .put("out_ms", om / 1000.0)
        .log();
  }
}
