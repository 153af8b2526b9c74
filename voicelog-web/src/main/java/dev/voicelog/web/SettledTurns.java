package dev.voicelog.web;

import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * What /metrics has counted of the conversations of one unit of {@code LiveConversations} (the events that
 * are assembled together): each turn once, when it is settled, and the unit's lost events once.
 *
 * <p><b>Settled.</b> A turn is settled when its next turn has begun and nothing it began is still open, when
 * the turn after next has begun, or when its conversation is complete: it has ended and nothing can continue
 * it. Something still open is a span without its end ({@code missing_end} so far): as a rule the agent's
 * playback in a barge-in, which ends a moment after the caller has begun the next turn; counted before that
 * end, the turn would have no {@code playback_duration} and a {@code missing_end} the whole log does not.
 *
 * <p><b>Quiet.</b> A conversation that never logs its end (an agent that crashed, a log read days later)
 * has its last turn counted once it has been quiet for the stitch gap (5 minutes by default) by the
 * dashboard's wall clock, as {@code voicelog summary} counts it at the end of the file. A line that comes
 * later still counts what it settles; what was counted stays counted. A native or Realtime conversation cannot be continued once it
 * has ended; a VoiceMode conversation can, by its next {@code converse()} session, until the stitch gap has
 * passed since its last line ({@link ConversationAssembler#mayContinue}, by the dashboard's wall clock) or
 * a later session of its series has begun beyond it. Until then its last turn waits for the reply that the
 * next session may bring, as the analysis of the whole log pairs it.
 *
 * <p><b>By position, not by id.</b> Turns are counted by the position of their conversation in the unit
 * and their own position in it, so a conversation whose id changes from one re-assembly to the next is not
 * counted again under its new id.
 *
 * <p>Not thread-safe: the tail's thread.
 */
final class SettledTurns {
  private final AnalysisOptions options;
  private final DashboardMetrics metrics;
  /** Turns counted, by the position of their conversation in the unit. */
  private final List<Integer> counted = new ArrayList<>();
  private long lostCounted;

  SettledTurns(AnalysisOptions options, DashboardMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
  }

  /**
   * Counts in /metrics what the unit's conversations (in the order assembled) settled since the last call.
   *
   * @return whether a turn waits only for the clock: the unit must be counted again on a later poll even if
   *     no line arrives
   */
  boolean count(List<Conversation> conversations, long nowMicros) {
    boolean waiting = false;
    long lost = 0;
    for (int i = 0; i < conversations.size(); i++) {
      Conversation c = conversations.get(i);
      lost += c.lostEvents();
      boolean stitchedNoMore = c.format() == LogFormat.VOICEMODE && i < conversations.size() - 1;
      boolean complete = stitchedNoMore || c.ended() && !ConversationAssembler.mayContinue(c, nowMicros, options);
      boolean quiet = !c.ended() && quiet(c, nowMicros);
      waiting |= !complete && !quiet; // the clock alone may settle it
      int settled = complete || quiet ? c.turns().size() : settledWhileOpen(c.turns());
      if (counted.size() <= i) {
        counted.add(0);
      }
      for (int t = counted.get(i); t < settled; t++) {
        metrics.turn(c.turns().get(t));
      }
      counted.set(i, Math.max(counted.get(i), settled));
    }
    if (lost > lostCounted) {
      metrics.lost(lost - lostCounted);
      lostCounted = lost;
    }
    return waiting;
  }

  /** Whether a conversation that has not ended has had no line for the stitch gap. */
  private boolean quiet(Conversation c, long nowMicros) {
    long last = c.lastTimestamp();
    return last != LogEvent.NO_TIMESTAMP && nowMicros - last > options.stitchGapMicros();
  }

  /** How many of an open conversation's first turns are settled: all but the last, or the last two. */
  private static int settledWhileOpen(List<Turn> turns) {
    int n = turns.size();
    if (n >= 2 && turns.get(n - 2).anomalies().stream().anyMatch(a -> a.kind() == Anomaly.Kind.MISSING_END)) {
      return n - 2; // a span of the turn before the last still open: its end may yet come (a barge-in)
    }
    return Math.max(0, n - 1);
  }

  /**
   * Forgets the first conversations of the unit, counted in full, that have left it: the positions move up
   * by as many.
   */
  void retire(List<Conversation> gone) {
    counted.subList(0, gone.size()).clear();
    for (Conversation c : gone) {
      lostCounted -= c.lostEvents();
    }
  }
}
