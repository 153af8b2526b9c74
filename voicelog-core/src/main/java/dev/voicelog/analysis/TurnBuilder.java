package dev.voicelog.analysis;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import java.util.ArrayList;
import java.util.List;

/** The events of one turn while it is being assembled, and the few facts the turn rules need. */
final class TurnBuilder {
  final List<LogEvent> events = new ArrayList<>();
  final List<Anomaly> toolAnomalies = new ArrayList<>(0);
  final List<Turn.ToolCall> toolCalls = new ArrayList<>(0);
  int number;
  boolean speechStart;
  boolean recordingStart;
  boolean agentActivity;
  boolean userEnded;
  boolean playbackStart;
  boolean playbackStopped;
  long toolMicros;
  boolean toolPaired;

  void add(LogEvent e) {
    events.add(e);
    EventType c = e.canonicalType();
    if (c == EventType.USER_SPEECH_START) {
      speechStart = true;
    } else if (c == EventType.RECORDING_START) {
      recordingStart = true;
    } else if ((c == EventType.TTS_PLAYBACK_END || c == EventType.TTS_PLAYBACK_INTERRUPTED) && playbackStart) {
      playbackStopped = true; // a stop before this turn's own playback started does not stop it
    } else if (c == EventType.USER_SPEECH_END || c == EventType.RECORDING_END) {
      userEnded = true;
    }
    if (isPlaybackStart(e)) {
      playbackStart = true;
    }
    if (isAgentActivity(c)) {
      agentActivity = true;
    }
  }

  static boolean isPlaybackStart(LogEvent e) {
    return e.canonicalType() == EventType.TTS_PLAYBACK_START || e.impliedTypes().contains(EventType.TTS_PLAYBACK_START);
  }

  static boolean isAgentActivity(EventType c) {
    if (c == null) {
      return false;
    }
    return switch (c) {
      case LLM_REQUEST, LLM_FIRST_TOKEN, LLM_COMPLETE, LLM_ERROR, TOOL_REQUEST_START, TOOL_REQUEST_END, TTS_REQUEST,
          TTS_START, TTS_FIRST_AUDIO, TTS_PLAYBACK_START, TTS_PLAYBACK_END, TTS_PLAYBACK_INTERRUPTED, TTS_ERROR -> true;
      default -> false;
    };
  }

  /** Whether this stretch of events is a turn: the user spoke, or the agent did something (a greeting). */
  boolean isTurn() {
    return speechStart || recordingStart || agentActivity;
  }

  /**
   * Whether a user-start event begins a new turn: yes, unless this turn's user part is still open: it has
   * begun, no USER_SPEECH_END or RECORDING_END has come, and the agent has done nothing. (A recorder that
   * opens and then hears speech is one turn; so is a tap's backdated USER_SPEECH_START next to the
   * Realtime {@code speech_started} it was derived from.)
   */
  boolean newTurnAt() {
    return !(speechStart || recordingStart) || agentActivity || userEnded;
  }

  boolean playbackOpen() {
    return playbackStart && !playbackStopped;
  }
}
