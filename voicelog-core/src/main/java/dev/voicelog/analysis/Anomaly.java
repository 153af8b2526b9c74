package dev.voicelog.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Something in a conversation worth a look, naming the events involved (type and seq). A metric that is
 * absent because a pair is broken is explained by an anomaly; no output ever shows a negative duration
 * instead. Immutable and thread-safe.
 */
public final class Anomaly {
  /** What kind of anomaly. Immutable and thread-safe. */
  public enum Kind {
    /** A start event whose end never came in its turn (TTS_START without TTS_FIRST_AUDIO, ...). */
    MISSING_END,
    /** An end event without its start in the turn (TTS_PLAYBACK_END without TTS_PLAYBACK_START, ...). */
    MISSING_START,
    /** Both ends of a metric exist but the end is earlier than the start: the metric is not reported. */
    REVERSED,
    /** An error event: STT_ERROR, LLM_ERROR, TTS_ERROR, ERROR (or a foreign type that means one). */
    ERROR,
    /** Speech-to-text found no speech (STT_NO_SPEECH). */
    STT_NO_SPEECH,
    /** Events of the conversation were lost: gaps in seq ({@link #value()} events). */
    LOST_EVENTS,
    /** The turn's voice_to_voice (else response_time) is over the slow threshold ({@link #value()} µs). */
    SLOW_TURN
  }

  private final Kind kind;
  private final int turn;
  private final List<EventRef> events;
  private final Metric metric;
  private final long value;
  private final String message;

  Anomaly(Kind kind, int turn, List<EventRef> events, Metric metric, long value, String message) {
    this.kind = Objects.requireNonNull(kind);
    this.turn = turn;
    this.events = List.copyOf(events);
    this.metric = metric;
    this.value = value;
    this.message = Objects.requireNonNull(message);
  }

  /** What kind of anomaly. */
  public Kind kind() {
    return kind;
  }

  /** The turn number it belongs to, or 0 when it belongs to the conversation (before any turn, lost events). */
  public int turn() {
    return turn;
  }

  /** The events involved, in time order. */
  public List<EventRef> events() {
    return events;
  }

  /** The metric concerned (absent, or slow), or null. */
  public Metric metric() {
    return metric;
  }

  /** Events lost for {@link Kind#LOST_EVENTS}, microseconds for {@link Kind#SLOW_TURN}, else 0. */
  public long value() {
    return value;
  }

  /** For people, one line: {@code "TTS_START#17 has no TTS_FIRST_AUDIO in turn 3: ttfa not reported"}. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return kind + (turn > 0 ? " (turn " + turn + ")" : "") + ": " + message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Anomaly a && a.kind == kind && a.turn == turn && a.events.equals(events) && a.metric == metric
        && a.value == value && a.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, turn, events, metric, value, message);
  }
}
