package dev.voicelog.otel;

import dev.voicelog.read.LogEvent;

/**
 * Where every span time comes from: an event's {@code t} (microseconds on the session's monotonic clock)
 * anchored to the wall clock by its conversation's timestamps, never the time of export.
 *
 * <p>The writer stamps each native line with {@code timestamp = anchor + t} (the session's wall-clock time
 * at {@code t = 0}, read once); readers derive {@code t} of the other formats from their timestamps the same
 * way. So {@code timestamp - t} is the same for every event of a conversation, and {@code anchor + t} is an
 * event's own timestamp to the microsecond, backdated events included, while durations still come from
 * the monotonic {@code t}. Immutable and thread-safe.
 */
final class SpanClock {
  /** No event of the conversation had a timestamp: its spans cannot be placed in time. */
  static final long UNKNOWN = Long.MIN_VALUE;

  private final long epochAtZero;

  private SpanClock(long epochAtZero) {
    this.epochAtZero = epochAtZero;
  }

  /** The anchor an event gives ({@code timestamp - t}), or {@link #UNKNOWN} when it has no timestamp. */
  static long anchorOf(LogEvent e) {
    return e.timestamp() == LogEvent.NO_TIMESTAMP ? UNKNOWN : e.timestamp() - e.t();
  }

  static SpanClock anchoredAt(long epochAtZero) {
    if (epochAtZero == UNKNOWN) {
      throw new IllegalArgumentException("no anchor");
    }
    return new SpanClock(epochAtZero);
  }

  /** Epoch microseconds of {@code t}. */
  long epochMicros(long t) {
    return epochAtZero + t;
  }

  /** Epoch microseconds of an event. */
  long epochMicros(LogEvent e) {
    return epochAtZero + e.t();
  }
}
