package dev.voicelog.analysis.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.EventType;
import dev.voicelog.Redaction;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.EventRef;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of an analysis: conversations, turns, anomalies, problems, event references and aggregates, in
 * the one schema that docs/cli-json.md describes. The {@code voicelog} command ({@code --format json}, and
 * {@code tail} as JSON lines) and the web report and dashboard (voicelog-web) both write with it; each
 * only adds fields of its own around these objects.
 *
 * <pre>{@code
 * AnalysisJson json = AnalysisJson.builder().transcripts(false).build();
 * try (JsonGenerator g = new JsonFactory().createGenerator(writer)) {
 *   json.conversation(g, conversation);
 * }
 * }</pre>
 *
 * <p><b>The rules every object follows.</b> Durations and offsets are seconds as JSON numbers with six
 * decimals, written exactly from whole microseconds ({@link #seconds(JsonGenerator, long)}). Metric names are
 * {@link Metric#id()} ({@code voice_to_voice}). Enumerations are lower case ({@link #name(Enum)}): formats,
 * anomaly kinds, problem kinds; event types are written as the log spelled them. A metric that is not
 * reported is absent, never null, never negative. A value that is not known is null.
 *
 * <p><b>Adding fields.</b> Each object has a {@code ...Fields} method that writes its fields into an object
 * the caller opened, so a caller can add its own before closing it; {@link #conversationFields} takes the
 * writer of its turns, so a caller can add fields to each turn too:
 *
 * <pre>{@code
 * g.writeStartObject();
 * json.conversationFields(g, c, (o, turn) -> {
 *   o.writeStartObject();
 *   json.turnFields(o, turn);
 *   o.writeNumberField("events", turn.events().size());   // the caller's own field
 *   o.writeEndObject();
 * });
 * g.writeEndObject();
 * }</pre>
 *
 * <p><b>Spoken text.</b> A transcript is a string, null when nothing says what was said, or
 * {@code {"redacted": true, "length": N, "hash": "9f86d081"}} when the log holds the logger's redaction
 * placeholder ({@link Redaction#isRedactedValue}). With {@link Builder#transcripts(boolean) transcripts(false)}
 * no spoken text is written: every transcript is {@code {"redacted": true, "length": N}} and the
 * conversation's fields leave out {@link Redaction#TEXT_FIELDS}.
 *
 * <p><b>Escaping</b> is the generator's: the caller chooses its {@code JsonFactory} (the web report's escapes
 * {@code <}, {@code >} and {@code &} so the JSON can sit inside a script block) and its pretty printer.
 *
 * <p>Immutable and thread-safe; a {@link JsonGenerator} is not, so use one per thread. Every method writes
 * synchronously to the generator and throws {@link IOException} only when the generator's target does.
 */
public final class AnalysisJson {
  /** Whether transcripts are written, unless the builder says otherwise. */
  public static final boolean DEFAULT_TRANSCRIPTS = true;

  private static final AnalysisJson DEFAULT = builder().build();

  private final boolean transcripts;

  private AnalysisJson(Builder b) {
    this.transcripts = b.transcripts;
  }

  /** The serializer with the defaults: transcripts written. */
  public static AnalysisJson create() {
    return DEFAULT;
  }

  /** A builder, starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link AnalysisJson}. Not thread-safe. */
  public static final class Builder {
    private boolean transcripts = DEFAULT_TRANSCRIPTS;

    private Builder() {}

    /**
     * Whether spoken text is written (default {@value AnalysisJson#DEFAULT_TRANSCRIPTS}). False writes only
     * each transcript's length, as if the log had been redacted, and leaves {@link Redaction#TEXT_FIELDS}
     * out of a conversation's fields.
     */
    public Builder transcripts(boolean write) {
      this.transcripts = write;
      return this;
    }

    /** The serializer; the builder may be used again. */
    public AnalysisJson build() {
      return new AnalysisJson(this);
    }
  }

  /**
   * Writes one value of type {@code T} (an object, with what the caller adds to it). Called synchronously, on the
   * thread that called the {@code AnalysisJson} method it was given to, with that call's generator.
   */
  @FunctionalInterface
  public interface ValueWriter<T> {
    /**
     * Writes {@code value} to {@code g}.
     *
     * @throws IOException when the generator's target fails
     */
    void write(JsonGenerator g, T value) throws IOException;
  }

  /** Whether spoken text is written. */
  public boolean transcripts() {
    return transcripts;
  }

  // ------------------------------------------------------------------ conversations and turns

  /** A conversation, its turns and the anomalies outside them: {@code {"id", ..., "turns", "anomalies"}}. */
  public void conversation(JsonGenerator g, Conversation c) throws IOException {
    object(g, c, (o, conversation) -> conversationFields(o, conversation, this::turn));
  }

  /**
   * The fields of a conversation, into an object the caller opened: {@code id}, {@code session_ids},
   * {@code format}, {@code files}, {@code start} (its first timestamp, or null), {@code duration},
   * {@code ended}, {@code lost_events}, {@code fields} (see {@link #fields}; a value the logger redacted is
   * written as a redacted {@link #transcript}), {@code turns} (each written by {@code turns}) and
   * {@code anomalies} (those in no turn).
   */
  public void conversationFields(JsonGenerator g, Conversation c, ValueWriter<Turn> turns) throws IOException {
    g.writeStringField("id", c.id());
    strings(g, "session_ids", c.sessionIds());
    g.writeStringField("format", name(c.format()));
    strings(g, "files", c.files());
    if (c.startTimestamp() == LogEvent.NO_TIMESTAMP) {
      g.writeNullField("start");
    } else {
      g.writeStringField("start", LogEvent.formatTimestamp(c.startTimestamp()));
    }
    secondsField(g, "duration", c.durationMicros());
    g.writeBooleanField("ended", c.ended());
    g.writeNumberField("lost_events", c.lostEvents());
    g.writeObjectFieldStart("fields");
    for (Map.Entry<String, Object> f : fields(c).entrySet()) {
      g.writeFieldName(f.getKey());
      if (f.getValue() instanceof String s && Redaction.isRedactedValue(s)) {
        transcript(g, s);
      } else {
        value(g, f.getValue());
      }
    }
    g.writeEndObject();
    g.writeFieldName("turns");
    array(g, c.turns(), turns);
    g.writeFieldName("anomalies");
    anomalies(g, c.conversationAnomalies());
  }

  /**
   * The data fields that describe a conversation ({@link Conversation#fields()}), without
   * {@link Redaction#TEXT_FIELDS} when transcripts are not written. Unmodifiable.
   */
  public Map<String, Object> fields(Conversation c) {
    if (transcripts) {
      return c.fields();
    }
    Map<String, Object> out = new LinkedHashMap<>(c.fields());
    out.keySet().removeAll(Redaction.TEXT_FIELDS);
    return Collections.unmodifiableMap(out);
  }

  /** A turn: {@code {"number", "start", "user", "agent", ..., "anomalies"}}. */
  public void turn(JsonGenerator g, Turn t) throws IOException {
    object(g, t, this::turnFields);
  }

  /**
   * The fields of a turn, into an object the caller opened: {@code number}, {@code start} (seconds since the
   * conversation began), {@code user} ({@code {"text", "no_speech"}}, null without a user part),
   * {@code agent} ({@code {"text"}}, null when the agent did nothing), {@code interrupted}, {@code played}
   * (audio heard before an interruption, or null), {@code metrics}, {@code waterfall}, {@code milestones}
   * (event references by canonical type) and {@code anomalies}.
   */
  public void turnFields(JsonGenerator g, Turn t) throws IOException {
    g.writeNumberField("number", t.number());
    secondsField(g, "start", t.startT());
    g.writeFieldName("user");
    if (t.hasUserPart()) {
      g.writeStartObject();
      g.writeFieldName("text");
      transcript(g, t.userText());
      g.writeBooleanField("no_speech", t.noSpeech());
      g.writeEndObject();
    } else {
      g.writeNull();
    }
    g.writeFieldName("agent");
    if (t.hasAgentPart()) {
      g.writeStartObject();
      g.writeFieldName("text");
      transcript(g, t.agentText());
      g.writeEndObject();
    } else {
      g.writeNull();
    }
    g.writeBooleanField("interrupted", t.interrupted());
    if (t.playedPosition().isPresent()) {
      secondsField(g, "played", t.playedPosition().getAsLong());
    } else {
      g.writeNullField("played");
    }
    g.writeObjectFieldStart("metrics");
    for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
      secondsField(g, m.getKey().id(), m.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("waterfall");
    for (Turn.Segment s : t.waterfall()) {
      g.writeStartObject();
      g.writeStringField("from", s.from().name());
      g.writeStringField("to", s.to().name());
      secondsField(g, "seconds", s.micros());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("milestones");
    for (Map.Entry<EventType, LogEvent> m : t.milestones().entrySet()) {
      g.writeFieldName(m.getKey().name());
      eventRef(g, EventRef.of(m.getValue()));
    }
    g.writeEndObject();
    g.writeFieldName("anomalies");
    anomalies(g, t.anomalies());
  }

  /**
   * Spoken text: the string; null when there is none; {@code {"redacted": true, "length": N, "hash": H}} for
   * the logger's placeholder; {@code {"redacted": true, "length": N}} when transcripts are not written
   * ({@code length} in chars, as the logger's placeholder counts them).
   */
  public void transcript(JsonGenerator g, String text) throws IOException {
    if (text == null) {
      g.writeNull();
    } else if (Redaction.isRedactedValue(text)) {
      g.writeStartObject();
      g.writeBooleanField("redacted", true);
      g.writeNumberField("length", Redaction.redactedLength(text));
      g.writeStringField("hash", Redaction.redactedHash(text));
      g.writeEndObject();
    } else if (!transcripts) {
      g.writeStartObject();
      g.writeBooleanField("redacted", true);
      g.writeNumberField("length", text.length());
      g.writeEndObject();
    } else {
      g.writeString(text);
    }
  }

  // ------------------------------------------------------------------ anomalies, problems, events

  /** An array of anomalies. */
  public void anomalies(JsonGenerator g, Iterable<Anomaly> anomalies) throws IOException {
    array(g, anomalies, this::anomaly);
  }

  /**
   * An anomaly: {@code {"kind", "turn" (0: the conversation), "metric" (or null), "events" (references),
   * "seconds" (slow_turn only), "count" (lost_events only), "message"}}.
   */
  public void anomaly(JsonGenerator g, Anomaly a) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", name(a.kind()));
    g.writeNumberField("turn", a.turn());
    if (a.metric() == null) {
      g.writeNullField("metric");
    } else {
      g.writeStringField("metric", a.metric().id());
    }
    g.writeFieldName("events");
    array(g, a.events(), this::eventRef);
    if (a.kind() == Anomaly.Kind.SLOW_TURN) {
      secondsField(g, "seconds", a.value());
    } else if (a.kind() == Anomaly.Kind.LOST_EVENTS) {
      g.writeNumberField("count", a.value());
    }
    g.writeStringField("message", a.message());
    g.writeEndObject();
  }

  /** An array of problems. */
  public void problems(JsonGenerator g, Iterable<Problem> problems) throws IOException {
    array(g, problems, this::problem);
  }

  /** A problem: {@code {"file", "line" (0: about no one line), "kind", "count", "message"}}. */
  public void problem(JsonGenerator g, Problem p) throws IOException {
    object(g, p, this::problemFields);
  }

  /** The fields of a problem, into an object the caller opened (see {@link #problem}). */
  public void problemFields(JsonGenerator g, Problem p) throws IOException {
    g.writeStringField("file", p.file());
    g.writeNumberField("line", p.line());
    g.writeStringField("kind", name(p.kind()));
    g.writeNumberField("count", p.count());
    g.writeStringField("message", p.message());
  }

  /** An event reference: {@code {"type": "TTS_START", "seq": 17, "t": 8.710000}}. */
  public void eventRef(JsonGenerator g, EventRef e) throws IOException {
    object(g, e, this::eventRefFields);
  }

  /**
   * The fields of an event reference, into an object the caller opened: {@code type} as written in the log,
   * {@code seq} (null when its line had none) and {@code t} (seconds since the conversation began).
   */
  public void eventRefFields(JsonGenerator g, EventRef e) throws IOException {
    g.writeStringField("type", e.type());
    if (e.seq() > 0) {
      g.writeNumberField("seq", e.seq());
    } else {
      g.writeNullField("seq");
    }
    secondsField(g, "t", e.t());
  }

  // ------------------------------------------------------------------ aggregates

  /**
   * The fields of aggregates, into an object the caller opened: {@code conversations}, {@code turns},
   * {@code metrics} (all turns, see {@link #metrics}), {@code by} (the group field, or null) and
   * {@code groups} ({@code [{"value", "conversations", "turns", "metrics"}]}, empty when not grouped).
   */
  public void aggregatesFields(JsonGenerator g, Aggregates a) throws IOException {
    g.writeNumberField("conversations", a.conversations());
    g.writeNumberField("turns", a.all().turns());
    g.writeFieldName("metrics");
    metrics(g, a.all());
    if (a.groupField() == null) {
      g.writeNullField("by");
    } else {
      g.writeStringField("by", a.groupField());
    }
    g.writeArrayFieldStart("groups");
    for (Aggregates.Group group : a.groups()) {
      g.writeStartObject();
      g.writeStringField("value", group.value());
      g.writeNumberField("conversations", group.conversations());
      g.writeNumberField("turns", group.turns());
      g.writeFieldName("metrics");
      metrics(g, group);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The statistics of a group of turns, by metric name: {@code {"ttfa": {"count", ...}, ...}}. */
  public void metrics(JsonGenerator g, Aggregates.Group group) throws IOException {
    g.writeStartObject();
    for (Map.Entry<Metric, Aggregates.Stat> e : group.metrics().entrySet()) {
      g.writeFieldName(e.getKey().id());
      stat(g, e.getValue());
    }
    g.writeEndObject();
  }

  /**
   * The statistics of one metric: {@code {"count", "mean", "min", "p50", "p90", "p95", "p99", "max"}},
   * in seconds rounded to the microsecond.
   */
  public void stat(JsonGenerator g, Aggregates.Stat s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("count", s.count());
    secondsField(g, "mean", s.mean());
    secondsField(g, "min", s.min());
    secondsField(g, "p50", s.p50());
    secondsField(g, "p90", s.p90());
    secondsField(g, "p95", s.p95());
    secondsField(g, "p99", s.p99());
    secondsField(g, "max", s.max());
    g.writeEndObject();
  }

  // ------------------------------------------------------------------ values

  /** Whole microseconds as exact seconds: {@code 812000} as {@code 0.812000}. */
  public static void seconds(JsonGenerator g, long micros) throws IOException {
    g.writeNumber(Durations.seconds(micros));
  }

  /** Fractional microseconds (a mean, an interpolated percentile) as seconds, rounded to the microsecond. */
  public static void seconds(JsonGenerator g, double micros) throws IOException {
    seconds(g, Math.round(micros));
  }

  /** A field of whole microseconds as exact seconds. */
  public static void secondsField(JsonGenerator g, String field, long micros) throws IOException {
    g.writeFieldName(field);
    seconds(g, micros);
  }

  /** A field of fractional microseconds as seconds, rounded to the microsecond. */
  public static void secondsField(JsonGenerator g, String field, double micros) throws IOException {
    g.writeFieldName(field);
    seconds(g, micros);
  }

  /**
   * A plain value read from a log: maps (as objects), lists, strings, numbers, booleans, null. A number that
   * is not finite is written as null; anything else as its string.
   */
  public static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        value(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        g.writeNull();
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.toString()); // BigInteger, BigDecimal: as read
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  /** How every enumeration is written: {@code SLOW_TURN} as {@code slow_turn}, {@code NATIVE} as {@code native}. */
  public static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeFieldName(field);
    array(g, values, JsonGenerator::writeString);
  }

  /** An object whose fields {@code fields} writes. */
  private static <T> void object(JsonGenerator g, T value, ValueWriter<T> fields) throws IOException {
    g.writeStartObject();
    fields.write(g, value);
    g.writeEndObject();
  }

  /** An array of {@code values}, each written by {@code item}. */
  private static <T> void array(JsonGenerator g, Iterable<? extends T> values, ValueWriter<T> item) throws IOException {
    g.writeStartArray();
    for (T v : values) {
      item.write(g, v);
    }
    g.writeEndArray();
  }
}
