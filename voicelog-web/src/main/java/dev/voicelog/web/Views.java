package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.EventType;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.EventRef;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the pages and {@code /api} add to the shared JSON of the analysis (voicelog-core's
 * {@link AnalysisJson}, docs/cli-json.md; the additions are in docs/web.md): a conversation's row in the
 * list ({@link #summary}), and its detail ({@link #detail}): the conversation as {@code AnalysisJson} writes
 * it, with its row, its recording and the problems of its lines, and each turn with the events its timeline
 * draws. Only presentation happens here: every turn, metric, percentile and duration comes from
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

  /** Canonical types whose repeats within a turn are streaming deltas: only the first is a timeline event. */
  private static final Set<EventType> FIRST_ONLY = EnumSet.of(EventType.TTS_FIRST_AUDIO, EventType.LLM_FIRST_TOKEN);

  private Views() {}

  /** What the views show and how they link recordings. */
  static final class Options {
    final AnalysisJson json;
    final RecordingLinks recordings;

    Options(boolean transcripts, RecordingLinks recordings) {
      this.json = AnalysisJson.builder().transcripts(transcripts).build();
      this.recordings = recordings;
    }
  }

  /** Where a conversation's recording can be fetched from, or null when it has none that can be shown. */
  @FunctionalInterface
  interface RecordingLinks {
    String url(Recordings.Recording recording);
  }

  /**
   * One row of the conversation list: the conversation's facts, counts, up to {@link #MAX_ROW_FIELDS} of its
   * fields (none of the spoken ones when {@code json} writes no transcripts) and p50 and max of
   * {@link #SUMMARY_METRICS}.
   */
  static void summary(JsonGenerator g, Conversation c, AnalysisJson json) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    if (c.startTimestamp() != LogEvent.NO_TIMESTAMP) {
      g.writeStringField("start", LogEvent.formatTimestamp(c.startTimestamp()));
    } else {
      g.writeNullField("start");
    }
    AnalysisJson.secondsField(g, "duration", c.durationMicros());
    g.writeNumberField("turns", c.turns().size());
    g.writeBooleanField("ended", c.ended());
    g.writeStringField("format", AnalysisJson.name(c.format()));
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
      kinds.add(AnalysisJson.name(a.kind()));
    }
    g.writeArrayFieldStart("anomaly_kinds");
    for (String k : kinds) {
      g.writeString(k);
    }
    g.writeEndArray();
    g.writeNumberField("problems", c.problems().size());
    g.writeObjectFieldStart("fields");
    int n = 0;
    for (Map.Entry<String, Object> f : json.fields(c).entrySet()) {
      if (n++ == MAX_ROW_FIELDS) {
        break;
      }
      String v = String.valueOf(f.getValue());
      g.writeStringField(f.getKey(), v.length() > MAX_FIELD_CHARS ? shortened(v, MAX_FIELD_CHARS) : v);
    }
    g.writeEndObject();
    Aggregates.Group stats = Aggregates.builder(null).add(c).build().all();
    g.writeObjectFieldStart("metrics");
    for (Metric m : SUMMARY_METRICS) {
      Aggregates.Stat s = stats.metrics().get(m);
      if (s != null) {
        g.writeObjectFieldStart(m.id());
        AnalysisJson.secondsField(g, "p50", s.p50());
        AnalysisJson.secondsField(g, "max", s.max());
        g.writeEndObject();
      }
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Everything the conversation page shows: the conversation (docs/cli-json.md), each turn with its
   * timeline {@code events}, and {@code summary} (its row), {@code recording} and {@code problems}.
   */
  static void detail(JsonGenerator g, Conversation c, Options options) throws IOException {
    AnalysisJson json = options.json;
    g.writeStartObject();
    json.conversationFields(g, c, (o, t) -> turn(o, t, json));
    g.writeFieldName("summary");
    summary(g, c, json);
    Recordings.Recording rec = Recordings.of(c);
    String url = rec == null ? null : options.recordings.url(rec);
    if (url != null) {
      g.writeObjectFieldStart("recording");
      g.writeStringField("name", rec.name());
      g.writeStringField("url", url);
      AnalysisJson.secondsField(g, "start", rec.startT());
      g.writeEndObject();
    } else {
      g.writeNullField("recording");
    }
    g.writeArrayFieldStart("problems");
    for (Problem p : c.problems()) {
      problem(g, json, p, null);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A turn as {@link AnalysisJson} writes it, with {@code events}: what its timeline draws. */
  private static void turn(JsonGenerator g, Turn t, AnalysisJson json) throws IOException {
    g.writeStartObject();
    json.turnFields(g, t);
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
      timelineEvent(g, e, c, json);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** An event reference with its {@code canonical} type and a {@code label}: a tool's name, an error's message. */
  private static void timelineEvent(JsonGenerator g, LogEvent e, EventType canonical, AnalysisJson json)
      throws IOException {
    g.writeStartObject();
    json.eventRefFields(g, EventRef.of(e));
    g.writeStringField("canonical", canonical.name());
    String label = switch (canonical) {
      case TOOL_REQUEST_START, TOOL_REQUEST_END -> firstString(e, "tool", "name", "tool_name");
      case ERROR, STT_ERROR, LLM_ERROR, TTS_ERROR -> e.errorMessage();
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
    }
    return null;
  }

  /** A problem as {@link AnalysisJson} writes it, with the text of its line when known ({@code text}). */
  static void problem(JsonGenerator g, AnalysisJson json, Problem p, String text) throws IOException {
    g.writeStartObject();
    json.problemFields(g, p);
    if (text != null) {
      g.writeStringField("text", text);
    }
    g.writeEndObject();
  }

  /** The first {@code max} chars of {@code v} and an ellipsis, never cutting a surrogate pair (an emoji) in two. */
  static String shortened(String v, int max) {
    int end = Character.isHighSurrogate(v.charAt(max - 1)) ? max - 1 : max;
    return v.substring(0, end) + "…";
  }
}
