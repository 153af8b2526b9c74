package dev.voicelog.analysis;

import dev.voicelog.read.LogEvent;
import java.util.Objects;

/**
 * Names one event in an {@link Anomaly} or a {@link Turn}'s milestones: its type as written, its
 * {@code seq} (0 when the line had none) and its {@code t} in microseconds. Immutable, thread-safe.
 */
public final class EventRef {
  private final String type;
  private final long seq;
  private final long t;

  private EventRef(String type, long seq, long t) {
    this.type = type;
    this.seq = seq;
    this.t = t;
  }

  /** The reference to a read event. */
  public static EventRef of(LogEvent e) {
    return new EventRef(e.type(), e.seq(), e.t());
  }

  /** The event type as written. */
  public String type() {
    return type;
  }

  /** The event's seq, or 0 when its line had none. */
  public long seq() {
    return seq;
  }

  /** The event's time in microseconds since its conversation started. */
  public long t() {
    return t;
  }

  /** {@code TTS_START#17} (or {@code TTS_START@12.345678s} without a seq). */
  @Override
  public String toString() {
    return seq > 0 ? type + "#" + seq : type + "@" + dev.voicelog.read.Durations.seconds(t) + "s";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventRef r && r.type.equals(type) && r.seq == seq && r.t == t;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, seq, t);
  }
}
