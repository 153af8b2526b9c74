package dev.voicelog.cli;

import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.tap.realtime.RealtimeSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Realtime section of {@code voicelog summary}'s text: what the conversation's Realtime events say about
 * the session (configuration, items, token usage, rate limits, errors), from the proxy's lines or
 * seeds/002's alike. Empty for a conversation without Realtime events. The turns and their metrics stay
 * the summary's own (the same events through the turn assembler).
 */
final class RealtimeSection {
  private RealtimeSection() {}

  static String text(Conversation c) {
    List<LogEvent> events = new ArrayList<>(c.preamble());
    for (Turn t : c.turns()) {
      events.addAll(t.events());
    }
    events.sort(Comparator.comparingLong(LogEvent::t).thenComparingLong(LogEvent::seq));
    RealtimeSummary summary = new RealtimeSummary();
    for (LogEvent e : events) {
      summary.accept(e.type(), e.data());
    }
    if (summary.isEmpty()) {
      return "";
    }
    StringWriter out = new StringWriter();
    summary.render(new PrintWriter(out, true), "  ");
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
