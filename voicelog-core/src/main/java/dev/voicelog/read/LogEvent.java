package dev.voicelog.read;

import dev.voicelog.EventType;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One event as read from a log, whatever its format: the fields of the line, what its type means for
 * turns and metrics, and where it came from.
 *
 * <p><b>Time.</b> {@link #t()} is microseconds since the session started. Native lines carry it (from the
 * writer's monotonic clock); for formats without it the reader derives it from {@code timestamp}
 * ({@link #tDerived()} is then true) relative to the session's first event. A backdated event may have a
 * negative {@code t}.
 *
 * <p><b>Data</b> is decoded from the line on first use of {@link #data()}: a scan that needs only the
 * times and types never pays for it. The map holds plain Java values ({@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code null}, nested {@code Map}/{@code List}) and is unmodifiable. It
 * is decoded without a lock, as {@code String.hashCode} is computed: two threads making the first call at
 * once may each decode it and get equal maps; every later call returns the one kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogEvent {
  /** {@link #timestamp()} of an event whose line had none. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  private final String sessionId;
  private final String type;
  private final EventType eventType;
  private final EventMeanings.Meaning meaning;
  private final long seq;
  private final long t;
  private final boolean tDerived;
  private final long timestamp;
  private final boolean timestampHasOffset;
  private final int turn;
  private final byte[] dataJson;
  private volatile Map<String, Object> data;
  private final String file;
  private final long line;
  private final LogFormat format;

  LogEvent(String sessionId, String type, EventType eventType, long seq, long t, boolean tDerived, long timestamp,
      boolean timestampHasOffset, int turn, byte[] dataJson, Map<String, Object> data, String file, long line,
      LogFormat format) {
    this.sessionId = sessionId;
    this.type = type;
    this.eventType = eventType;
    this.meaning = EventMeanings.of(type, eventType);
    this.seq = seq;
    this.t = t;
    this.tDerived = tDerived;
    this.timestamp = timestamp;
    this.timestampHasOffset = timestampHasOffset;
    this.turn = turn;
    this.dataJson = dataJson;
    this.data = data;
    this.file = file;
    this.line = line;
    this.format = format;
  }

  /**
   * An event built in code rather than read (a live tap, a test). {@code data} is copied.
   *
   * @param sessionId the session, not null
   * @param type the event type as written: a {@link EventType} name or any other string
   * @param seq the session's sequence number, or 0 when absent
   * @param tMicros microseconds since the session started
   * @param timestampMicros epoch microseconds, or {@link #NO_TIMESTAMP}
   * @param turn the producer's turn number, or 0
   */
  public static LogEvent of(String sessionId, String type, long seq, long tMicros, long timestampMicros, int turn,
      Map<String, ?> data) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(type, "type");
    Map<String, Object> copy = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    return new LogEvent(sessionId, type, EventType.fromName(type), Math.max(0, seq), tMicros, false, timestampMicros,
        timestampMicros != NO_TIMESTAMP, Math.max(0, turn), null, copy, "(memory)", 0, LogFormat.NATIVE);
  }

  /** A copy at another time: used when a session's derived times are re-based onto its conversation. */
  public LogEvent withT(long tMicros) {
    return new LogEvent(sessionId, type, eventType, seq, tMicros, tDerived, timestamp, timestampHasOffset, turn,
        dataJson, data, file, line, format);
  }

  LogEvent withDerivedT(long tMicros) {
    return new LogEvent(sessionId, type, eventType, seq, tMicros, true, timestamp, timestampHasOffset, turn,
        dataJson, data, file, line, format);
  }

  /**
   * The session id as written; null for a VoiceMode line whose {@code session_id} was null (the reader
   * files such an event under the session that was current at its timestamp, see {@link SessionLog#id()}).
   */
  public String sessionId() {
    return sessionId;
  }

  /** The event type exactly as written (a native name or a foreign one such as {@code response.created}). */
  public String type() {
    return type;
  }

  /** The type as a known {@link EventType}, or null for any other string. */
  public EventType eventType() {
    return eventType;
  }

  /**
   * What this event means for turns and metrics: the canonical milestone its type maps to (the type itself
   * for native types, e.g. {@code STT_COMPLETE} for {@code conversation.item.input_audio_transcription.completed}),
   * or null when it means none.
   */
  public EventType canonicalType() {
    return meaning.canonical;
  }

  /** Milestones this event stands in for when its turn has no event of their own (usually empty). */
  public Set<EventType> impliedTypes() {
    return meaning.implied;
  }

  /** The per-session sequence number, or 0 when the line had none. */
  public long seq() {
    return seq;
  }

  /** Microseconds since the session started (see the class comment). */
  public long t() {
    return t;
  }

  /** True when the line had no {@code t} and {@link #t()} was derived from timestamps. */
  public boolean tDerived() {
    return tDerived;
  }

  /** Epoch microseconds of the line's {@code timestamp}, or {@link #NO_TIMESTAMP}. */
  public long timestamp() {
    return timestamp;
  }

  /** {@link #timestamp()} as {@code 2026-11-21T15:30:45.123456Z}, or null when there is none. */
  public String timestampText() {
    return timestamp == NO_TIMESTAMP ? null : Timestamps.format(timestamp);
  }

  /** Epoch microseconds as a native timestamp, {@code 2026-11-21T15:30:45.123456Z}. Thread-safe. */
  public static String formatTimestamp(long epochMicros) {
    return Timestamps.format(epochMicros);
  }

  /** Whether the line's timestamp carried a zone; one without is read as UTC (see {@link LogFormat}). */
  public boolean timestampHasOffset() {
    return timestampHasOffset;
  }

  /** The producer's turn number, or 0 when the line had none. */
  public int turn() {
    return turn;
  }

  /** The event's data (see the class comment); empty, never null, when the line had none. */
  public Map<String, Object> data() {
    Map<String, Object> d = data;
    if (d == null) {
      d = decode(dataJson);
      data = d;
    }
    return d;
  }

  /**
   * For an interruption (TTS_PLAYBACK_INTERRUPTED or a type that means it): how much of the agent's audio
   * had been played, in microseconds, from the data field {@code audio_end_ms} (Realtime's truncate) or
   * {@code played_ms}; -1 when the event says nothing about it.
   */
  public long playedPosition() {
    if (meaning.canonical != EventType.TTS_PLAYBACK_INTERRUPTED) {
      return -1;
    }
    for (String key : EventMeanings.PLAYED_POSITION_KEYS) {
      if (data().get(key) instanceof Number n && n.doubleValue() >= 0) {
        return Math.round(n.doubleValue() * 1000.0);
      }
    }
    return -1;
  }

  /**
   * What was said, when the event carries it: the data field {@code transcript}, else {@code message},
   * else {@code text}; null otherwise. May be a redaction placeholder
   * ({@link dev.voicelog.Redaction#isRedactedValue(String)}).
   */
  public String text() {
    for (String key : TEXT_KEYS) {
      if (data().get(key) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  /**
   * An error event's message: the data field {@code error} (a string, or an object's {@code message}, else
   * its {@code type}), else {@code message}; on one line, at most 200 characters. Null when there is none.
   */
  public String errorMessage() {
    Object err = get("error");
    Object msg;
    if (err instanceof Map<?, ?> m) {
      msg = m.get("message") != null ? m.get("message") : m.get("type");
    } else {
      msg = err != null ? err : get("message");
    }
    if (msg == null) {
      return null;
    }
    String flat = String.valueOf(msg).replace('\n', ' ').replace('\r', ' ');
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  private static final String[] TEXT_KEYS = {"transcript", "message", "text"};

  /** A data value, or null: {@code data().get(key)}. */
  public Object get(String key) {
    return data().get(key);
  }

  /** A data value if it is a string, else null. */
  public String getString(String key) {
    return data().get(key) instanceof String s ? s : null;
  }

  /** The file the line came from, as named to the reader. */
  public String file() {
    return file;
  }

  /** The 1-based line number in {@link #file()}, or 0 for an event built in code. */
  public long line() {
    return line;
  }

  /** The format of the line. */
  public LogFormat format() {
    return format;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> decode(byte[] json) {
    if (json == null || json.length == 0) {
      return Map.of();
    }
    JsonScanner s = new JsonScanner();
    s.reset(json, 0, json.length);
    try {
      Object v = s.readValue();
      return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (JsonScanner.SyntaxError impossible) {
      return Map.of(); // the line decoder validated these bytes before keeping them
    }
  }

  /** {@code TYPE seq=N t=S.UUUUUUs (file:line)}, for messages. */
  @Override
  public String toString() {
    return type + (seq > 0 ? " seq=" + seq : "") + " t=" + Durations.seconds(t) + "s (" + file + ":" + line + ")";
  }
}
