package dev.voicelog;

import java.util.Map;

/**
 * One event being built: its data, and optionally its turn and the time it occurred. Finish with
 * {@link #log()}; nothing is queued before that.
 *
 * <pre>{@code
 * session.event(EventType.USER_SPEECH_START).earlierBy(speechNanos).log();   // VAD: started speechNanos ago
 * session.event(EventType.TTS_START).put("voice", "alloy").put("chars", 42).log();
 * }</pre>
 *
 * <p><b>Threads and reuse.</b> Like Log4j2's {@code LogBuilder}, a builder belongs to the thread that got
 * it and is reused by that thread's next event, so building an event with string, integer, floating-point
 * and boolean data allocates nothing. Do not keep a builder after {@code log()}, nor hand it to another
 * thread. Nesting is safe: starting another event before this one is logged gives a fresh builder.
 *
 * <p><b>Data.</b> Values are encoded into JSON when {@code put} is called (a map or list is copied then,
 * later changes to it do not show). Supported: strings, numbers, booleans, null, nested maps and lists,
 * arrays, enums (by name); anything else by its {@code toString()}. With redaction on, text fields are
 * written as length and hash (see {@link Redaction}). No method throws: a value whose {@code toString()}
 * throws is written as a note saying so.
 *
 * <p><b>A key put again</b> ({@code put("x", 1).putAll(Map.of("x", 2))}, or {@code put} twice) follows a
 * {@code Map}'s rule: the last value wins, and the line has the key once, where it was first put
 * ({@code {"x":2}}). It is not an error and nothing is thrown. A {@code null} key is the key {@code "null"}.
 * The check allocates nothing and costs a key put once a test of a 64-bit mask and one {@code int} store
 * (about 10 ns for the four fields of the logger's benchmark event); a key put again costs a comparison
 * with the keys before it and a move of the bytes after its old value (see {@code DataFields}).
 */
public final class EventBuilder {
  static final EventBuilder NOOP = new EventBuilder(true);
  private static final ThreadLocal<EventBuilder> CACHED = ThreadLocal.withInitial(() -> new EventBuilder(false));
  private static final long NOW = Long.MIN_VALUE;
  private static final int SESSION_TURN = -1;

  private final boolean noop;
  private final JsonBytes data = new JsonBytes(256);
  private final DataFields fields = new DataFields(data);
  private boolean inUse;
  private Session session;
  private EventType type;
  private String customType;
  private int turn;
  private long atNanos;
  private long earlierNanos;

  private EventBuilder(boolean noop) {
    this.noop = noop;
  }

  static EventBuilder acquire(Session session, EventType type, String customType) {
    EventBuilder b = CACHED.get();
    if (b.inUse) {
      b = new EventBuilder(false);
    }
    b.inUse = true;
    b.session = session;
    b.type = type;
    b.customType = customType;
    b.turn = SESSION_TURN;
    b.atNanos = NOW;
    b.earlierNanos = 0;
    b.data.reset();
    b.data.writeByte('{');
    b.fields.reset();
    return b;
  }

  /** Adds a string field; {@code null} is written as JSON null. A key put already gets this value. */
  public EventBuilder put(String key, String value) {
    if (noop) {
      return this;
    }
    int again = fields.begin(key);
    if (value == null) {
      data.writeNull();
    } else if (session.log().redactor.redacts(key)) {
      data.writeString(session.log().redactor.redact(value));
    } else {
      data.writeString(value);
    }
    fields.end(again);
    return this;
  }

  /** Adds an integer field (a key put already gets this value). */
  public EventBuilder put(String key, long value) {
    if (noop) {
      return this;
    }
    int again = fields.begin(key);
    data.writeLong(value);
    fields.end(again);
    return this;
  }

  /**
   * Adds a number field; NaN and infinities are written as null (JSON has neither). A key put already gets
   * this value.
   */
  public EventBuilder put(String key, double value) {
    if (noop) {
      return this;
    }
    int again = fields.begin(key);
    data.writeDouble(value);
    fields.end(again);
    return this;
  }

  /** Adds a boolean field (a key put already gets this value). */
  public EventBuilder put(String key, boolean value) {
    if (noop) {
      return this;
    }
    int again = fields.begin(key);
    data.writeBoolean(value);
    fields.end(again);
    return this;
  }

  /**
   * Adds a field of any supported value (see the class comment), nested maps and lists included. A key put
   * already gets this value.
   */
  public EventBuilder put(String key, Object value) {
    if (noop) {
      return this;
    }
    int again = fields.begin(key);
    int valueStart = data.len;
    try {
      data.writeValue(value, session.log().redactor, key);
    } catch (RuntimeException | StackOverflowError e) {
      data.len = valueStart;
      data.writeString("[value not logged: " + e.getClass().getSimpleName() + "]");
    }
    fields.end(again);
    return this;
  }

  /**
   * Adds every entry of a map (null adds nothing), in its iteration order; a key put already gets the
   * map's value, where it was first put. A map that fails while it is read (changed by another
   * thread meanwhile: {@code ConcurrentModificationException}) keeps the entries read so far and adds
   * {@code "voicelog_note": "[fields not all logged: ...]"}; nothing is thrown.
   */
  public EventBuilder putAll(Map<String, ?> fields) {
    if (noop || fields == null) {
      return this;
    }
    try {
      for (Map.Entry<String, ?> e : fields.entrySet()) {
        put(e.getKey(), e.getValue());
      }
    } catch (RuntimeException e) {
      put("voicelog_note", "[fields not all logged: " + e.getClass().getSimpleName() + "]");
    }
    return this;
  }

  /** The turn this event belongs to, instead of the session's current turn (0: none). */
  public EventBuilder turn(int turn) {
    if (!noop) {
      this.turn = Math.max(0, turn);
    }
    return this;
  }

  /**
   * The moment the event occurred, as a reading of the log's monotonic clock ({@link Session#nanoTime()}),
   * for events noticed after they happened: the agent's speech starts when its first frame was played,
   * not when the code heard about it.
   */
  public EventBuilder at(long nanoTime) {
    if (!noop) {
      this.atNanos = nanoTime;
    }
    return this;
  }

  /**
   * The event occurred this many nanoseconds before {@code log()} is called: a VAD that reports speech
   * {@code d} long at detection time means the user started speaking {@code d} earlier.
   */
  public EventBuilder earlierBy(long nanos) {
    if (!noop) {
      this.earlierNanos = Math.max(0, nanos);
    }
    return this;
  }

  /** Same as {@link #earlierBy(long)} with a {@link java.time.Duration}. */
  public EventBuilder earlierBy(java.time.Duration d) {
    return earlierBy(d == null ? 0 : Nanos.of(d));
  }

  /**
   * Queues the event and releases the builder. Never blocks (unless the log's overflow policy is BLOCK)
   * and never throws: an event that cannot be queued is counted and reported.
   */
  public void log() {
    if (noop) {
      return;
    }
    try {
      VoiceLog log = session.log();
      long occurred = atNanos != NOW ? atNanos : log.clock.nanoTime() - earlierNanos;
      long tMicros = Math.floorDiv(occurred - session.startNanos, 1_000);
      int eventTurn = turn == SESSION_TURN ? session.turn() : turn;
      data.writeByte('}');
      log.writer.enqueue(session, type, customType, tMicros, eventTurn, data);
    } finally {
      session = null;
      inUse = false;
    }
  }
}
