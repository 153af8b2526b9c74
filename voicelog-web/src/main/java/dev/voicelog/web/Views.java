package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.EventType;
import dev.voicelog.Redaction;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON shapes of the pages and of {@code /api} (docs/web.md): a conversation's summary (one row of the
 * list), its detail (turns, waterfalls, timeline events, transcripts, anomalies, problems), and a problem.
 * Only presentation happens here: every turn, metric, percentile and duration comes from
 * {@code dev.voicelog.analysis}. Stateless and thread-safe.
 */
final class Views {
  /** The metrics a summary row carries (p50 and max over the conversation's turns). */
  static final List<Metric> SUMMARY_METRICS =
      List.of(Metric.VOICE_TO_VOICE, Metric.RESPONSE_TIME, Metric.LLM_TTFT, Metric.TTFA, Metric.STT_LATENCY);
  /** Timeline events kept per turn; a Realtime turn can have hundreds of audio deltas. */
  static final int MAX_TIMELINE_EVENTS = 200;
  /** Data fields of a conversation shown in its row, at most. */
  static final int MAX_ROW_FIELDS = 6;
  /** Longest field value shown in a row. */
  static final int MAX_FIELD_CHARS = 80;

  /**
   * Data fields that hold spoken text: the logger's redacted fields by default (voicelog-core's
   * {@code Redactor.DEFAULT_FIELDS}). Left out of a conversation's fields when transcripts are hidden.
   */
  static final Set<String> SPOKEN_FIELDS = Set.of("message", "text", "transcript");

  /** The original length in the logger's placeholder {@code [redacted len=N hash=XXXXXXXX]}. */
  private static final java.util.regex.Pattern REDACTED_LENGTH = java.util.regex.Pattern.compile("len=(\\d{1,9})");

  /** Canonical types whose repeats within a turn are streaming deltas: only the first is a timeline event. */
  private static final Set<EventType> FIRST_ONLY = EnumSet.of(EventType.TTS_FIRST_AUDIO, EventType.LLM_FIRST_TOKEN);

  private Views() {}

  /** What the views show and how they link recordings. */
  static final class Options {
    final boolean transcripts;
    final RecordingLinks recordings;

    Options(boolean transcripts, RecordingLinks recordings) {
      this.transcripts = transcripts;
      this.recordings = recordings;
    }
  }

  /** Where a conversation's recording can be fetched from, or null when it has none that can be shown. */
  @FunctionalInterface
  interface RecordingLinks {
    String url(Recordings.Recording recording);
  }

  /** One row of the conversation list; with {@code transcripts} false, no spoken text among its fields. */
  static void summary(JsonGenerator g, Conversation c, boolean transcripts) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    if (c.startTimestamp() != LogEvent.NO_TIMESTAMP) {
      g.writeStringField("start", Json.timestamp(c.startTimestamp()));
    } else {
      g.writeNullField("start");
    }
    Json.seconds(g, "duration", c.durationMicros());
    g.writeNumberField("turns", c.turns().size());
    g.writeBooleanField("ended", c.ended());
    g.writeStringField("format", c.format().name().toLowerCase(java.util.Locale.ROOT));
    g.writeNumberField("lost_events", c.lostEvents());
    int interrupted = 0;
    for (Turn t : c.turns()) {
      if (t.interrupted()) {
        interrupted++;
      }
    }
    g.writeNumberField("interruptions", interrupted);
    g.writeNumberField("anomalies", c.anomalies().size());
    Set<String> kinds = new TreeSet<>();
    for (Anomaly a : c.anomalies()) {
      kinds.add(a.kind().name());
    }
    g.writeArrayFieldStart("anomaly_kinds");
    for (String k : kinds) {
      g.writeString(k);
    }
    g.writeEndArray();
    g.writeNumberField("problems", c.problems().size());
    g.writeObjectFieldStart("fields");
    int n = 0;
    for (Map.Entry<String, Object> f : fields(c, transcripts).entrySet()) {
      if (n++ == MAX_ROW_FIELDS) {
        break;
      }
      String v = String.valueOf(f.getValue());
      g.writeStringField(f.getKey(), v.length() > MAX_FIELD_CHARS ? v.substring(0, MAX_FIELD_CHARS) + "…" : v);
    }
    g.writeEndObject();
    Aggregates.Group stats = Aggregates.builder(null).add(c).build().all();
    g.writeObjectFieldStart("metrics");
    for (Metric m : SUMMARY_METRICS) {
      Aggregates.Stat s = stats.metrics().get(m);
      if (s != null) {
        g.writeObjectFieldStart(m.id());
        Json.seconds(g, "p50", s.p50());
        Json.seconds(g, "max", s.max());
        g.writeEndObject();
      }
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Everything the conversation page shows. */
  static void detail(JsonGenerator g, Conversation c, Options options) throws IOException {
    g.writeStartObject();
    g.writeFieldName("summary");
    summary(g, c, options.transcripts);
    writeStrings(g, "session_ids", c.sessionIds());
    writeStrings(g, "files", c.files());
    g.writeFieldName("fields");
    Json.any(g, fields(c, options.transcripts));
    Recordings.Recording rec = Recordings.of(c);
    String url = rec == null ? null : options.recordings.url(rec);
    if (url != null) {
      g.writeObjectFieldStart("recording");
      g.writeStringField("name", rec.name());
      g.writeStringField("url", url);
      Json.seconds(g, "start_t", rec.startT());
      g.writeEndObject();
    } else {
      g.writeNullField("recording");
    }
    Json.array(g, "turns", c.turns(), (o, t) -> turn(o, t, options));
    Json.array(g, "anomalies", c.conversationAnomalies(), Views::anomaly);
    Json.array(g, "problems", c.problems(), Views::problem);
    g.writeEndObject();
  }

  private static Map<String, Object> fields(Conversation c, boolean transcripts) {
    if (transcripts) {
      return c.fields();
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>(c.fields());
    out.keySet().removeAll(SPOKEN_FIELDS);
    return out;
  }

  private static void turn(JsonGenerator g, Turn t, Options options) throws IOException {
    g.writeStartObject();
    g.writeNumberField("turn", t.number());
    Json.seconds(g, "start_t", t.startT());
    g.writeBooleanField("user_part", t.hasUserPart());
    g.writeBooleanField("interrupted", t.interrupted());
    if (t.playedPosition().isPresent()) {
      Json.seconds(g, "played", t.playedPosition().getAsLong());
    }
    text(g, "user_text", t.userText(), options);
    text(g, "agent_text", t.agentText(), options);
    g.writeObjectFieldStart("metrics");
    for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
      g.writeFieldName(m.getKey().id());
      Json.seconds(g, m.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("waterfall");
    for (Turn.Segment s : t.waterfall()) {
      g.writeStartObject();
      g.writeStringField("from", s.from().name());
      g.writeStringField("to", s.to().name());
      Json.seconds(g, "seconds", s.micros());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("milestones");
    for (Map.Entry<EventType, LogEvent> m : t.milestones().entrySet()) {
      g.writeFieldName(m.getKey().name());
      ref(g, m.getValue().type(), m.getValue().seq(), m.getValue().t());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("events");
    EnumSet<EventType> seen = EnumSet.noneOf(EventType.class);
    int kept = 0;
    for (LogEvent e : t.events()) {
      EventType c = e.canonicalType();
      if (c == null || c == EventType.AUDIO_STATS || (FIRST_ONLY.contains(c) && !seen.add(c))) {
        continue;
      }
      if (kept++ == MAX_TIMELINE_EVENTS) {
        break;
      }
      timelineEvent(g, e, c);
    }
    g.writeEndArray();
    Json.array(g, "anomalies", t.anomalies(), Views::anomaly);
    g.writeEndObject();
  }

  private static void timelineEvent(JsonGenerator g, LogEvent e, EventType canonical) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", e.type());
    g.writeStringField("kind", canonical.name());
    g.writeNumberField("seq", e.seq());
    Json.seconds(g, "t", e.t());
    String label = switch (canonical) {
      case TOOL_REQUEST_START, TOOL_REQUEST_END -> firstString(e, "tool", "name", "tool_name");
      case ERROR, STT_ERROR, LLM_ERROR, TTS_ERROR -> firstString(e, "error", "message", "reason");
      default -> null;
    };
    if (label != null) {
      g.writeStringField("label", label);
    }
    g.writeEndObject();
  }

  private static String firstString(LogEvent e, String... keys) {
    for (String k : keys) {
      Object v = e.get(k);
      if (v instanceof String s) {
        return s;
      }
      if (v instanceof Map<?, ?> m && m.get("message") instanceof String s) {
        return s; // Realtime's {"error": {"message": ...}}
      }
    }
    return null;
  }

  /**
   * A transcript: {@code {"text": ...}} as logged, {@code {"redacted": true}} when the log holds the logger's
   * redaction placeholder or transcripts are hidden, absent when there is none.
   */
  private static void text(JsonGenerator g, String field, String value, Options options) throws IOException {
    if (value == null) {
      return;
    }
    g.writeObjectFieldStart(field);
    if (Redaction.isRedactedValue(value)) {
      g.writeBooleanField("redacted", true);
      java.util.regex.Matcher len = REDACTED_LENGTH.matcher(value);
      if (len.find()) {
        g.writeNumberField("length", Long.parseLong(len.group(1)));
      }
      g.writeStringField("placeholder", value);
    } else if (!options.transcripts) {
      g.writeBooleanField("redacted", true);
      g.writeNumberField("length", value.codePointCount(0, value.length()));
    } else {
      g.writeStringField("text", value);
    }
    g.writeEndObject();
  }

  static void anomaly(JsonGenerator g, Anomaly a) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", a.kind().name());
    g.writeNumberField("turn", a.turn());
    if (a.metric() != null) {
      g.writeStringField("metric", a.metric().id());
    }
    if (a.kind() == Anomaly.Kind.SLOW_TURN) {
      Json.seconds(g, "seconds", a.value());
    } else if (a.kind() == Anomaly.Kind.LOST_EVENTS) {
      g.writeNumberField("count", a.value());
    }
    Json.array(g, "events", a.events(), (o, r) -> ref(o, r.type(), r.seq(), r.t()));
    g.writeStringField("message", a.message());
    g.writeEndObject();
  }

  /** An event named by type, seq and time: {@code {"type","seq","t"}}. */
  private static void ref(JsonGenerator g, String type, long seq, long t) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeNumberField("seq", seq);
    Json.seconds(g, "t", t);
    g.writeEndObject();
  }

  static void problem(JsonGenerator g, Problem p) throws IOException {
    problem(g, p, null);
  }

  /** A problem, with the text of its line when known ({@code text}). */
  static void problem(JsonGenerator g, Problem p, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", p.file());
    g.writeNumberField("line", p.line());
    g.writeStringField("kind", p.kind().name());
    g.writeNumberField("count", p.count());
    g.writeStringField("message", p.message());
    if (text != null) {
      g.writeStringField("text", text);
    }
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
    Json.array(g, field, values, JsonGenerator::writeString);
  }
}
