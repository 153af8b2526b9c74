package dev.voicelog.otel;

import dev.voicelog.read.Problem;
import java.util.List;

/**
 * What a {@link VoiceLogOtel#replay} did: conversations, turns and spans exported, spans that did not reach
 * the collector, and what was wrong with the input. Immutable and thread-safe.
 */
public final class ReplaySummary {
  private final int conversations;
  private final int turns;
  private final long spans;
  private final long droppedSpans;
  private final boolean flushed;
  private final List<Problem> problems;
  private final List<String> unplaced;

  ReplaySummary(int conversations, int turns, long spans, long droppedSpans, boolean flushed, List<Problem> problems,
      List<String> unplaced) {
    this.conversations = conversations;
    this.turns = turns;
    this.spans = spans;
    this.droppedSpans = droppedSpans;
    this.flushed = flushed;
    this.problems = List.copyOf(problems);
    this.unplaced = List.copyOf(unplaced);
  }

  /** Conversations turned into traces. */
  public int conversations() {
    return conversations;
  }

  /** Turns exported. */
  public int turns() {
    return turns;
  }

  /** Spans created (delivered or not). */
  public long spans() {
    return spans;
  }

  /** Spans of this replay that did not reach the collector (refused, failed, or unsent in time). */
  public long droppedSpans() {
    return droppedSpans;
  }

  /** Whether everything was sent (and answered) before the replay returned. */
  public boolean flushed() {
    return flushed;
  }

  /** Problems of the input (skipped lines, lost events...), as the reader reported them. */
  public List<Problem> problems() {
    return problems;
  }

  /** Conversations not exported because no event of theirs had a timestamp to place them in time. */
  public List<String> unplacedConversations() {
    return unplaced;
  }

  /** Whether every span was delivered. */
  public boolean complete() {
    return droppedSpans == 0 && flushed;
  }

  @Override
  public String toString() {
    return conversations + " conversations, " + turns + " turns, " + spans + " spans"
        + (droppedSpans > 0 ? ", " + droppedSpans + " dropped" : "");
  }
}
