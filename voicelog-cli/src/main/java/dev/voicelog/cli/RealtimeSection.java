package dev.voicelog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.tap.realtime.RealtimeSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Realtime section of {@code voicelog summary}, in text and as the {@code realtime} object of its JSON: what the conversation's Realtime events say about
 * the session (configuration, items, token usage, rate limits, errors), from the proxy's lines or
 * seeds/002's alike. Empty for a conversation without Realtime events. The turns and their metrics stay
 * the summary's own (the same events through the turn assembler).
 */
final class RealtimeSection {
  private RealtimeSection() {}

  static String text(Conversation c) {
    RealtimeSummary summary = of(c);
    if (summary.isEmpty()) {
      return "";
    }
    StringWriter out = new StringWriter();
    summary.render(new PrintWriter(out, true), "  ");
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /** The {@code realtime} field of a conversation in the JSON output; nothing for one without Realtime events. */
  static void json(JsonGenerator g, Conversation c, AnalysisJson json) throws IOException {
    RealtimeSummary summary = of(c);
    if (!summary.isEmpty()) {
      g.writeFieldName("realtime");
      summary.writeJson(g, json);
    }
  }

  /** What the conversation's events say, in time order (the preamble and every turn's events). */
  private static RealtimeSummary of(Conversation c) {
    List<LogEvent> events = new ArrayList<>(c.preamble());
    for (Turn t : c.turns()) {
      events.addAll(t.events());
    }
    events.sort(Comparator.comparingLong(LogEvent::t).thenComparingLong(LogEvent::seq));
    RealtimeSummary summary = new RealtimeSummary();
    for (LogEvent e : events) {
      summary.accept(e.type(), e.data());
    }
    return summary;
  }
}
