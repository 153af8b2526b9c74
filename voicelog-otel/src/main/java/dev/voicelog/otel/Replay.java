package dev.voicelog.otel;

import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.ConversationListener;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay side: existing logs of any format voicelog reads become traces, through the same
 * {@link LogReader} and {@link ConversationAssembler} as every other reader, and the same
 * {@link ConversationTrace} as the live sink.
 *
 * <p>Not thread-safe: one replay at a time, on the calling thread (the reader runs sequentially here).
 */
final class Replay implements ConversationListener {
  private final Telemetry telemetry;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> unplaced = new ArrayList<>();
  private int conversations;
  private int turns;
  private long spans;

  Replay(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /** Reads every path and exports every conversation; the spans may still be on their way when it returns. */
  void run(List<Path> paths) throws IOException {
    ConversationAssembler assembler = new ConversationAssembler(telemetry.analysisOptions(), this);
    LogReader.create().read(paths, assembler);
    assembler.finish();
  }

  @Override
  public void conversation(Conversation c) {
    long anchor = anchorOf(c);
    if (anchor == SpanClock.UNKNOWN || c.startTimestamp() == LogEvent.NO_TIMESTAMP) {
      unplaced.add(c.id());
      return;
    }
    ConversationTrace trace = telemetry.trace(SpanClock.anchoredAt(anchor), c.id(), c.fields());
    long firstT = c.startTimestamp() - anchor;
    trace.begin(firstT);
    for (Turn t : c.turns()) {
      trace.turn(t);
    }
    Attributes summary = Attributes.builder()
        .put(VoiceAttributes.CONVERSATION_ENDED, c.ended())
        .put(VoiceAttributes.CONVERSATION_LOST_EVENTS, c.lostEvents())
        .put(VoiceAttributes.LOG_FORMAT, VoiceAttributes.logFormat(c.format()))
        .put(VoiceAttributes.CONVERSATION_SESSIONS, c.sessionIds())
        .build();
    trace.end(firstT + c.durationMicros(), summary);
    conversations++;
    turns += trace.turns();
    spans += trace.spans();
  }

  /**
   * The conversation's anchor: {@code timestamp - t} of its first event with a timestamp (the same for all
   * of them, see {@link SpanClock}), or the start of a conversation with no turn (its first event is at its
   * start timestamp).
   */
  private static long anchorOf(Conversation c) {
    for (Turn t : c.turns()) {
      for (LogEvent e : t.events()) {
        long a = SpanClock.anchorOf(e);
        if (a != SpanClock.UNKNOWN) {
          return a;
        }
      }
    }
    return c.turns().isEmpty() ? c.startTimestamp() : SpanClock.UNKNOWN;
  }

  @Override
  public void problem(Problem problem) {
    problems.add(problem);
  }

  ReplaySummary summary(long dropped, boolean flushed) {
    return new ReplaySummary(conversations, turns, spans, dropped, flushed, problems, unplaced);
  }
}
