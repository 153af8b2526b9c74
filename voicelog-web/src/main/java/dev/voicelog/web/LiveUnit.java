package dev.voicelog.web;

import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.ConversationListener;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import dev.voicelog.read.Problem;
import dev.voicelog.read.SessionCollector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One unit of {@code LiveConversations}: the events that are assembled together
 * ({@link ConversationAssembler#assemblyKey}), re-assembled as a {@code LogReader} reads them, and what
 * /metrics has counted of their conversations ({@link SettledTurns}).
 *
 * <p><b>Closed conversations leave.</b> A VoiceMode series holds the conversations of every day's file.
 * Once a later session has begun beyond the stitch gap, the conversations before it can no longer change:
 * once counted, their events leave the unit (every one is older than the open conversation's first line),
 * so a rebuild re-assembles the open conversation, not months of logs.
 *
 * <p>Not thread-safe: the tail's thread.
 */
final class LiveUnit {
  private final AnalysisOptions options;
  private final SettledTurns counted;
  /** Its events by file, the files in the order the tail read them first (a {@code LogReader}'s order). */
  private final Map<String, List<LogEvent>> files = new LinkedHashMap<>();
  private List<Conversation> conversations = List.of();

  LiveUnit(AnalysisOptions options, DashboardMetrics metrics) {
    this.options = options;
    this.counted = new SettledTurns(options, metrics);
  }

  void add(LogEvent e) {
    files.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
  }

  /** The conversations of the last {@link #assemble()} that have not left. */
  List<Conversation> conversations() {
    return conversations;
  }

  /** Re-assembles the unit's events, its files in order, each to its end, and returns the conversations. */
  List<Conversation> assemble() {
    List<Conversation> out = new ArrayList<>(1);
    ConversationAssembler assembler = new ConversationAssembler(options, new ConversationListener() {
      @Override
      public void conversation(Conversation c) {
        out.add(c);
      }

      @Override
      public void problem(Problem p) {
        // gaps and repeats are in the conversation's own problems; lines were reported when read
      }
    });
    SessionCollector collector = new SessionCollector(assembler);
    for (Map.Entry<String, List<LogEvent>> f : files.entrySet()) {
      for (LogEvent e : f.getValue()) {
        collector.accept(e);
      }
      collector.endOfFile(f.getKey());
    }
    collector.finish();
    assembler.finish();
    conversations = out;
    return out;
  }

  /**
   * Counts in /metrics what the conversations settled, then lets the closed ones leave.
   *
   * @return whether a turn waits only for the clock: count again on a later poll even if no line arrives
   */
  boolean count(long nowMicros) {
    boolean waiting = counted.count(conversations, nowMicros);
    int n = conversations.size();
    if (n > 1 && conversations.get(n - 1).format() == LogFormat.VOICEMODE) {
      Conversation open = conversations.get(n - 1);
      long from = open.startTimestamp();
      for (Iterator<List<LogEvent>> it = files.values().iterator(); it.hasNext(); ) {
        List<LogEvent> events = it.next();
        events.removeIf(e -> e.timestamp() != LogEvent.NO_TIMESTAMP && e.timestamp() < from);
        if (events.isEmpty()) {
          it.remove();
        }
      }
      counted.retire(conversations.subList(0, n - 1));
      conversations = List.of(open);
    }
    return waiting;
  }
}
