package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
import java.util.Locale;
import java.util.Map;

/** The {@code summary} output in its three formats (the JSON schema is docs/cli-json.md). */
final class SummaryRenderer {
  static final String SCHEMA = "voicelog.summary/1";

  private SummaryRenderer() {}

  static String render(Analysis.Result r, Format format, Style style) {
    return switch (format) {
      case text -> text(r, style);
      case json -> json(r);
      case csv -> csv(r);
    };
  }

  // ------------------------------------------------------------------ text

  static String text(Analysis.Result r, Style style) {
    StringBuilder out = new StringBuilder();
    long turns = 0;
    long anomalies = 0;
    for (Conversation c : r.conversations()) {
      turns += c.turns().size();
      anomalies += c.anomalies().size();
    }
    for (Conversation c : r.conversations()) {
      conversation(out, c, style);
      out.append('\n');
    }
    out.append(style.bold(Text.plural(r.conversations().size(), "conversation", "conversations") + ", "
        + Text.plural(turns, "turn", "turns") + ", " + Text.plural(anomalies, "anomaly", "anomalies") + ", "
        + Text.plural(r.problems().size(), "problem", "problems") + " in the input")).append('\n');
    problemList(out, r, style);
    return out.toString();
  }

  /** The input's problems, one indented line each (file, line, what), as the text outputs end. */
  static void problemList(StringBuilder out, Analysis.Result r, Style style) {
    for (Problem p : r.problems()) {
      out.append("  ").append(style.red(p.toString())).append('\n');
    }
  }

  private static void conversation(StringBuilder out, Conversation c, Style style) {
    StringBuilder head = new StringBuilder(style.bold(c.id()));
    if (c.sessionIds().size() > 1) {
      head.append(" (").append(c.sessionIds().size()).append(" sessions stitched)");
    }
    head.append("  ").append(c.format().name().toLowerCase(Locale.ROOT));
    if (c.startTimestamp() != LogEvent.NO_TIMESTAMP) {
      head.append("  ").append(LogEvent.formatTimestamp(c.startTimestamp()));
    }
    head.append("  ").append(Text.secs(c.durationMicros())).append("  ").append(Text.plural(c.turns().size(), "turn", "turns"));
    if (!c.ended() && c.format() == dev.voicelog.read.LogFormat.NATIVE) {
      head.append("  (no SESSION_END)");
    }
    out.append(head).append('\n');
    StringBuilder fields = new StringBuilder();
    for (Map.Entry<String, Object> f : c.fields().entrySet()) {
      fields.append(fields.length() == 0 ? "" : "  ").append(f.getKey()).append('=').append(f.getValue());
    }
    if (fields.length() > 0) {
      out.append("  ").append(style.dim(fields.toString())).append('\n');
    }
    out.append(RealtimeSection.text(c));
    for (Anomaly a : c.conversationAnomalies()) {
      out.append("  ").append(Text.anomaly(a, style)).append('\n');
    }
    for (Turn t : c.turns()) {
      turn(out, t, style);
    }
  }

  private static void turn(StringBuilder out, Turn t, Style style) {
    out.append('\n').append("  ").append(style.bold("turn " + t.number())).append("  ").append(Text.offset(t.startT()));
    if (!t.hasUserPart()) {
      out.append("  (agent first)");
    }
    if (t.interrupted()) {
      out.append("  ").append(style.yellow("interrupted" + (t.playedPosition().isPresent()
          ? " after " + Text.secs(t.playedPosition().getAsLong()) + " of audio" : "")));
    }
    out.append('\n');
    String user = Text.quote(t.userText(), 70);
    if (user == null && t.hasUserPart()) {
      user = t.noSpeech() ? "(no speech)" : "(no transcript)";
    }
    if (user != null) {
      out.append("    user   ").append(user).append('\n');
    }
    String agent = Text.quote(t.agentText(), 70);
    if (agent != null) {
      out.append("    agent  ").append(agent).append('\n');
    }
    Long v2v = t.metrics().get(Metric.VOICE_TO_VOICE);
    if (v2v != null) {
      StringBuilder w = new StringBuilder("    voice_to_voice ").append(style.bold(Text.secs(v2v))).append(" =");
      boolean first = true;
      for (Turn.Segment s : t.waterfall()) {
        w.append(first ? " " : " + ").append(segmentName(s)).append(' ').append(Text.secs(s.micros()));
        first = false;
      }
      out.append(w).append('\n');
    }
    StringBuilder m = new StringBuilder();
    for (Map.Entry<Metric, Long> e : t.metrics().entrySet()) {
      if (e.getKey() == Metric.VOICE_TO_VOICE) {
        continue;
      }
      m.append(m.length() == 0 ? "" : "  ").append(e.getKey().id()).append(' ').append(Text.secs(e.getValue()));
    }
    if (m.length() > 0) {
      out.append("    ").append(wrap(m.toString(), 100, "    ")).append('\n');
    }
    for (Anomaly a : t.anomalies()) {
      out.append("    ").append(Text.anomaly(a, style)).append('\n');
    }
  }

  /** A waterfall step named after what it waited for: {@code stt}, {@code llm}, {@code first token}... */
  static String segmentName(Turn.Segment s) {
    return switch (s.to()) {
      case STT_COMPLETE -> "stt";
      case LLM_REQUEST -> "to llm";
      case LLM_FIRST_TOKEN -> "ttft";
      case TTS_START -> "to tts";
      case TTS_FIRST_AUDIO -> "ttfa";
      case TTS_PLAYBACK_START -> "to playback";
      default -> s.to().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String wrap(String s, int width, String indent) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String part : s.split("  ")) {
      if (col > 0 && col + part.length() + 2 > width) {
        out.append('\n').append(indent);
        col = 0;
      } else if (col > 0) {
        out.append("  ");
        col += 2;
      }
      out.append(part);
      col += part.length();
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ json

  static String json(Analysis.Result r) {
    AnalysisJson json = AnalysisJson.create();
    return JsonOutput.document(g -> {
      g.writeStartObject();
      JsonOutput.head(g, SCHEMA, r.files());
      g.writeArrayFieldStart("sessions");
      for (Conversation c : r.conversations()) {
        g.writeStartObject();
        json.conversationFields(g, c, json::turn);
        RealtimeSection.json(g, c, json);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeFieldName("problems");
      json.problems(g, r.problems());
      g.writeEndObject();
    });
  }

  // ------------------------------------------------------------------ csv

  static String csv(Analysis.Result r) {
    StringBuilder sb = new StringBuilder("session,turn,start,user,agent,interrupted");
    for (Metric m : Metric.values()) {
      sb.append(',').append(m.id());
    }
    sb.append(",anomalies\n");
    for (Conversation c : r.conversations()) {
      for (Turn t : c.turns()) {
        sb.append(Csv.field(c.id())).append(',').append(t.number()).append(',')
            .append(dev.voicelog.read.Durations.seconds(t.startT())).append(',').append(t.hasUserPart()).append(',')
            .append(t.hasAgentPart()).append(',').append(t.interrupted());
        for (Metric m : Metric.values()) {
          Long v = t.metrics().get(m);
          sb.append(',').append(v == null ? "" : dev.voicelog.read.Durations.seconds(v));
        }
        sb.append(',').append(t.anomalies().size()).append('\n');
      }
    }
    return sb.toString();
  }
}
