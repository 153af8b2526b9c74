package dev.voicelog.analysis;

import dev.voicelog.EventType;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * THE turn assembler: feed it one conversation's events in order, it hands over each {@link Turn} as soon
 * as the turn is complete. Files, rotated directories, a live tail and a tap all go through it, so there is
 * one definition of a turn.
 *
 * <pre>{@code
 * TurnAssembler turns = new TurnAssembler(AnalysisOptions.defaults(), turn -> print(turn));
 * for (LogEvent e : orderedEvents) turns.accept(e);
 * turns.finish();                                  // hands over the last turn
 * }</pre>
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>A user-start event (USER_SPEECH_START or RECORDING_START, or a type that means one) begins a new
 *       turn, unless the current turn's user part is still open: it has begun, and no user end
 *       (USER_SPEECH_END, RECORDING_END) and nothing from the agent has come since (a recorder that opens
 *       and then hears speech is one turn; so is a tap's backdated USER_SPEECH_START beside the Realtime
 *       {@code speech_started} it was derived from).</li>
 *   <li>Events before the first user start form a turn only if the agent did something (a greeting).</li>
 *   <li>A turn whose playback is still running when the next turn begins is held: the user's barge-in is
 *       logged after the user's speech started, so the TTS_PLAYBACK_END or TTS_PLAYBACK_INTERRUPTED that
 *       follows belongs to the held turn. The held turn is complete when its playback stops, when the new
 *       turn starts its own playback, when a further turn begins, or at {@link #finish()}.</li>
 *   <li>Tool calls pair each TOOL_REQUEST_END with the earliest open TOOL_REQUEST_START of the same
 *       {@code tool}/{@code name} (or any, when unnamed) across the conversation; tool_time sums the pairs
 *       that start and end in the same turn. A start never ended is a MISSING_END anomaly at
 *       {@link #finish()}; a pair that spans turns, a MISSING_START of the turn it ends in (not for
 *       VoiceMode, whose tool call wraps a whole exchange).</li>
 * </ul>
 *
 * <p>Events out of order are tolerated (milestones are the first by {@code t} within a turn) but turn
 * boundaries follow arrival order: sort a session first ({@code SessionCollector} does).
 *
 * <p>Not thread-safe: one assembler per conversation, fed by one thread at a time. The consumer is called
 * on the feeding thread.
 */
final class TurnAssembler {
  private final AnalysisOptions options;
  private final Consumer<Turn> out;
  private final List<LogEvent> context = new ArrayList<>(1);
  private final List<Anomaly> conversationAnomalies = new ArrayList<>();
  private final List<OpenTool> openTools = new ArrayList<>();
  private final List<LogEvent> preamble = new ArrayList<>();
  private TurnBuilder current = new TurnBuilder();
  private TurnBuilder held;
  private int numbered;
  private boolean finished;

  /**
   * @param options the slow threshold and other settings
   * @param out receives each turn when it is complete, in turn order
   */
  TurnAssembler(AnalysisOptions options, Consumer<Turn> out) {
    this.options = Objects.requireNonNull(options, "options");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Adds the next event of the conversation; may hand over the turn(s) it completes.
   *
   * @throws IllegalStateException after {@link #finish()}
   */
  void accept(LogEvent e) {
    if (finished) {
      throw new IllegalStateException("finish() was called: start a new TurnAssembler for another conversation");
    }
    EventType c = e.canonicalType();
    if (c == EventType.SESSION_START) {
      context.add(e);
    }
    if ((c == EventType.USER_SPEECH_START || c == EventType.RECORDING_START) && current.newTurnAt()) {
      beginTurn();
    }
    if (held != null) {
      if ((c == EventType.TTS_PLAYBACK_END || c == EventType.TTS_PLAYBACK_INTERRUPTED) && !current.playbackStart) {
        held.add(e);
        emit(held);
        held = null;
        return;
      }
      if (TurnBuilder.isPlaybackStart(e)) {
        emit(held);
        held = null;
      }
    }
    if (c == EventType.TOOL_REQUEST_START) {
      openTools.add(new OpenTool(e, current));
    } else if (c == EventType.TOOL_REQUEST_END) {
      endTool(e);
    }
    current.add(e);
  }

  /**
   * The end of the conversation: hands over the turns still open and reports tool calls never ended.
   * Later calls do nothing.
   */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (held != null) {
      emit(held);
      held = null;
    }
    if (current.isTurn()) {
      current.number = ++numbered;
      emit(current);
    } else {
      preamble(current);
    }
    for (OpenTool t : openTools) {
      int turn = t.turn.number;
      conversationAnomalies.add(new Anomaly(Anomaly.Kind.MISSING_END, turn, List.of(EventRef.of(t.start)),
          Metric.TOOL_TIME, 0, EventRef.of(t.start) + " has no TOOL_REQUEST_END in the conversation"));
    }
    openTools.clear();
  }

  /** Anomalies that belong to no single turn: events before the first turn, tool calls never ended. */
  List<Anomaly> conversationAnomalies() {
    return List.copyOf(conversationAnomalies);
  }

  /** The events that belong to no turn: those before the first turn when they do not form one. */
  List<LogEvent> preamble() {
    return List.copyOf(preamble);
  }

  private void beginTurn() {
    if (held != null) {
      emit(held);
      held = null;
    }
    if (current.isTurn()) {
      current.number = ++numbered;
      if (current.playbackOpen()) {
        held = current;
      } else {
        emit(current);
      }
    } else {
      preamble(current);
    }
    current = new TurnBuilder();
  }

  /** Events before the first turn that is one: their own anomalies (errors) belong to the conversation. */
  private void preamble(TurnBuilder b) {
    preamble.addAll(b.events);
    for (LogEvent e : b.events) {
      TurnMetrics.eventAnomaly(e, 0, conversationAnomalies);
    }
  }

  private void emit(TurnBuilder b) {
    out.accept(TurnMetrics.compute(b, options, List.copyOf(context)));
  }

  private void endTool(LogEvent end) {
    Object name = toolName(end);
    OpenTool match = null;
    for (Iterator<OpenTool> it = openTools.iterator(); it.hasNext(); ) {
      OpenTool t = it.next();
      if (name == null || t.name == null || name.equals(t.name)) {
        match = t;
        it.remove();
        break;
      }
    }
    if (match == null) {
      current.toolAnomalies.add(new Anomaly(Anomaly.Kind.MISSING_START, 0, List.of(EventRef.of(end)),
          Metric.TOOL_TIME, 0, EventRef.of(end) + " has no TOOL_REQUEST_START before it"));
      return;
    }
    if (match.turn != current) {
      // Its time belongs to neither turn: say so, as for any metric whose ends are not in one turn. VoiceMode's
      // TOOL_REQUEST_* are the MCP tool call around a whole converse(): spanning turns is what they do.
      if (end.format() != LogFormat.VOICEMODE) {
        String began = match.turn.number > 0 ? "in turn " + match.turn.number : "before the first turn";
        current.toolAnomalies.add(new Anomaly(Anomaly.Kind.MISSING_START, 0,
            List.of(EventRef.of(end), EventRef.of(match.start)), Metric.TOOL_TIME, 0, EventRef.of(end)
                + " ends a call that began " + began + " (" + EventRef.of(match.start) + "): counted in neither turn's tool_time"));
      }
      return;
    }
    long d = end.t() - match.start.t();
    if (d >= 0) {
      current.toolMicros += d;
      current.toolPaired = true;
      current.toolCalls.add(new Turn.ToolCall(match.start, end, match.name == null ? null : String.valueOf(match.name)));
    } else {
      current.toolAnomalies.add(new Anomaly(Anomaly.Kind.REVERSED, 0,
          List.of(EventRef.of(end), EventRef.of(match.start)), Metric.TOOL_TIME, 0,
          EventRef.of(end) + " at " + Durations.seconds(end.t()) + "s is before " + EventRef.of(match.start) + " at "
              + Durations.seconds(match.start.t()) + "s: not counted in tool_time"));
    }
  }

  private static Object toolName(LogEvent e) {
    if (e.eventType() != EventType.TOOL_REQUEST_START && e.eventType() != EventType.TOOL_REQUEST_END) {
      return null;
    }
    Object v = e.get("tool");
    if (v == null) {
      v = e.get("name");
    }
    if (v == null) {
      v = e.get("tool_name");
    }
    return v;
  }

  private static final class OpenTool {
    final LogEvent start;
    final TurnBuilder turn;
    final Object name;

    OpenTool(LogEvent start, TurnBuilder turn) {
      this.start = start;
      this.turn = turn;
      this.name = toolName(start);
    }
  }
}
