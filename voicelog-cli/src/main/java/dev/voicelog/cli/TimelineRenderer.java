package dev.voicelog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.EventType;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogEvent;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** The {@code timeline} output: every event of a conversation, per turn, with its offset and who acted. */
final class TimelineRenderer {
  static final String SCHEMA = "voicelog.timeline/1";

  private TimelineRenderer() {}

  /** Who an event belongs to: {@code user}, {@code agent}, or blank for the session itself. */
  static String who(LogEvent e) {
    EventType c = e.canonicalType();
    if (c == null) {
      return "";
    }
    return switch (c) {
      case USER_SPEECH_START, USER_SPEECH_END, RECORDING_START, RECORDING_END, RECORDING_SAVED, TURN_END_DETECTED,
          STT_REQUEST, STT_START, STT_COMPLETE, STT_NO_SPEECH, STT_ERROR -> "user";
      case LLM_REQUEST, LLM_FIRST_TOKEN, LLM_COMPLETE, LLM_ERROR, TOOL_REQUEST_START, TOOL_REQUEST_END, TTS_REQUEST,
          TTS_START, TTS_FIRST_AUDIO, TTS_PLAYBACK_START, TTS_PLAYBACK_END, TTS_PLAYBACK_INTERRUPTED, TTS_ERROR -> "agent";
      default -> "";
    };
  }

  static boolean isError(LogEvent e) {
    EventType c = e.canonicalType();
    return c == EventType.ERROR || c == EventType.STT_ERROR || c == EventType.LLM_ERROR || c == EventType.TTS_ERROR;
  }

  /** What to show after the type: spoken text, an error's message, or a few of the data's scalar fields. */
  static String detail(LogEvent e) {
    if (isError(e)) {
      return e.errorMessage();
    }
    if (e.text() != null) {
      return Text.quote(e.text(), 80);
    }
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, Object> f : e.data().entrySet()) {
      Object v = f.getValue();
      if (f.getKey().equals("type") || f.getKey().equals("event_id") || f.getKey().equals("delta") || f.getKey().equals("audio")) {
        continue;
      }
      if ((v instanceof String s && s.length() <= 40) || v instanceof Number || v instanceof Boolean) {
        sb.append(shown == 0 ? "" : " ").append(f.getKey()).append('=').append(v);
        if (++shown == 5) {
          break;
        }
      }
    }
    return sb.toString();
  }

  static String text(Analysis.Result r, Style style) {
    StringBuilder out = new StringBuilder();
    for (Conversation c : r.conversations()) {
      out.append(style.bold(c.id())).append("  ").append(c.format().name().toLowerCase(Locale.ROOT));
      if (c.startTimestamp() != LogEvent.NO_TIMESTAMP) {
        out.append("  ").append(LogEvent.formatTimestamp(c.startTimestamp()));
      }
      out.append('\n');
      String[] session = {c.sessionIds().size() > 1 ? null : c.id()};
      if (!c.preamble().isEmpty()) {
        out.append('\n').append("  ").append(style.dim("before the first turn")).append('\n');
        for (LogEvent e : c.preamble()) {
          event(out, e, style, session);
        }
      }
      for (Turn t : c.turns()) {
        out.append('\n').append("  ").append(style.bold("turn " + t.number()));
        if (!t.hasUserPart()) {
          out.append(" (agent first)");
        }
        out.append('\n');
        for (LogEvent e : t.events()) {
          event(out, e, style, session);
        }
        StringBuilder m = new StringBuilder();
        for (Metric key : new Metric[] {Metric.VOICE_TO_VOICE, Metric.RESPONSE_TIME, Metric.TTFA, Metric.LLM_TTFT}) {
          Long v = t.metrics().get(key);
          if (v != null) {
            m.append("  ").append(key.id()).append(' ').append(Text.secs(v));
          }
        }
        if (t.interrupted()) {
          m.append("  interrupted");
        }
        if (m.length() > 0) {
          out.append("    ").append(style.cyan("=" + m.substring(1))).append('\n');
        }
      }
      out.append('\n');
    }
    if (!r.problems().isEmpty()) {
      out.append(style.bold(Text.plural(r.problems().size(), "problem", "problems") + " in the input")).append('\n');
      SummaryRenderer.problemList(out, r, style);
    }
    return out.toString();
  }

  private static void event(StringBuilder out, LogEvent e, Style style, String[] session) {
    String sid = e.sessionId();
    if (sid != null && !sid.equals(session[0])) {
      out.append("    ").append(style.dim("-- session " + sid + " --")).append('\n');
      session[0] = sid;
    }
    String type = e.type();
    if (e.eventType() == null && e.canonicalType() != null) {
      type = type + " (" + e.canonicalType().name() + ")";
    }
    String line = String.format(Locale.ROOT, "    %10s  %-5s  %s%s", Text.offset(e.t()), who(e), isError(e) ? "x " : "", type);
    String d = detail(e);
    if (d != null && !d.isEmpty()) {
      line = String.format(Locale.ROOT, "%-62s %s", line, d);
    }
    out.append(isError(e) ? style.red(line) : line).append('\n');
  }

  static String json(Analysis.Result r) {
    return JsonOutput.document(g -> {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeArrayFieldStart("sessions");
      for (Conversation c : r.conversations()) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("format", AnalysisJson.name(c.format()));
        if (c.startTimestamp() == LogEvent.NO_TIMESTAMP) {
          g.writeNullField("start");
        } else {
          g.writeStringField("start", LogEvent.formatTimestamp(c.startTimestamp()));
        }
        g.writeArrayFieldStart("events");
        for (LogEvent e : c.preamble()) {
          eventJson(g, 0, e);
        }
        for (Turn t : c.turns()) {
          for (LogEvent e : t.events()) {
            eventJson(g, t.number(), e);
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeFieldName("problems");
      AnalysisJson.create().problems(g, r.problems());
      g.writeEndObject();
    });
  }

  /**
   * One event as JSON: its turn (null before the first; left out when {@code turn} is null), offset, and
   * the line's own fields.
   */
  static void eventJson(JsonGenerator g, Integer turn, LogEvent e) throws IOException {
    g.writeStartObject();
    if (turn != null) {
      if (turn > 0) {
        g.writeNumberField("turn", turn);
      } else {
        g.writeNullField("turn");
      }
    }
    AnalysisJson.secondsField(g, "t", e.t());
    g.writeBooleanField("t_derived", e.tDerived());
    nullable(g, "timestamp", e.timestampText());
    nullable(g, "session_id", e.sessionId());
    g.writeStringField("event_type", e.type());
    nullable(g, "canonical", e.canonicalType() == null ? null : e.canonicalType().name());
    if (e.seq() > 0) {
      g.writeNumberField("seq", e.seq());
    } else {
      g.writeNullField("seq");
    }
    g.writeStringField("who", who(e));
    nullable(g, "file", e.file());
    g.writeNumberField("line", e.line());
    g.writeFieldName("data");
    AnalysisJson.value(g, e.data());
    g.writeEndObject();
  }

  private static void nullable(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  static String csv(Analysis.Result r) {
    StringBuilder sb = new StringBuilder("session,turn,t,timestamp,event_type,canonical,seq,who,detail\n");
    for (Conversation c : r.conversations()) {
      for (Turn t : c.turns()) {
        for (LogEvent e : t.events()) {
          sb.append(Csv.field(c.id())).append(',').append(t.number()).append(',').append(Durations.seconds(e.t())).append(',')
              .append(e.timestampText() == null ? "" : e.timestampText()).append(',').append(Csv.field(e.type())).append(',')
              .append(e.canonicalType() == null ? "" : e.canonicalType().name()).append(',')
              .append(e.seq() > 0 ? String.valueOf(e.seq()) : "").append(',').append(who(e)).append(',')
              .append(Csv.field(detail(e))).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
