package dev.voicelog.analysis;

import java.util.Locale;

/**
 * The per-turn latency metrics of ../shared/DESIGN.md ("Turns and metrics"), with exactly its names
 * ({@link #id()}: {@code voice_to_voice}, {@code ttfa}, ...). Every value is a non-negative duration in
 * whole microseconds between two milestones of one turn; {@code user_end} is USER_SPEECH_END, else
 * RECORDING_END, and {@code user_start} is USER_SPEECH_START, else RECORDING_START. The computation is
 * in one place, {@code TurnMetrics}; see docs/analysis.md for a worked example. Immutable and
 * thread-safe.
 */
public enum Metric {
  /** TTS_PLAYBACK_START - user_end: the silence the user hears (LiveKit e2e_latency). */
  VOICE_TO_VOICE,
  /** TTS_START - user_end (the seed's "from end of recording to start of TTS"). */
  RESPONSE_TIME,
  /** TTS_FIRST_AUDIO - TTS_START: time to first audio. */
  TTFA,
  /** LLM_FIRST_TOKEN - LLM_REQUEST: time to first token. */
  LLM_TTFT,
  /** STT_COMPLETE - STT_START. */
  STT_LATENCY,
  /** STT_COMPLETE - user_end. */
  TRANSCRIPTION_DELAY,
  /** TURN_END_DETECTED - user_end (end-of-utterance delay). */
  EOU_DELAY,
  /** TTS_START - STT_COMPLETE: LLM and tools. */
  THINK_TIME,
  /** Sum of TOOL_REQUEST_END - TOOL_REQUEST_START over the tool calls that start and end in the turn. */
  TOOL_TIME,
  /** (TTS_PLAYBACK_END or TTS_PLAYBACK_INTERRUPTED, whichever first) - TTS_PLAYBACK_START. */
  PLAYBACK_DURATION,
  /** RECORDING_END - RECORDING_START. */
  RECORDING_DURATION,
  /** user_end - user_start. */
  USER_SPEECH;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The metric's name as DESIGN.md and every output spell it: {@code voice_to_voice}. */
  public String id() {
    return id;
  }

  /**
   * The metric of that name ({@code voice_to_voice} or {@code VOICE_TO_VOICE}), or null.
   */
  public static Metric fromId(String name) {
    if (name == null) {
      return null;
    }
    for (Metric m : values()) {
      if (m.id.equalsIgnoreCase(name)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return id;
  }
}
