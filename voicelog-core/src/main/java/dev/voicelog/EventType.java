package dev.voicelog;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The event types voicelog knows (../shared/DESIGN.md, "Event types"). Any other UPPER_SNAKE_CASE string
 * may be logged too, with {@link Session#event(String)}; readers keep unknown types as they are.
 * Immutable and thread-safe.
 */
public enum EventType {
  // Session
  SESSION_START, SESSION_END, TRANSPORT_SWITCH, PROVIDER_SWITCH,
  // User audio
  RECORDING_START, RECORDING_END, RECORDING_SAVED, USER_SPEECH_START, USER_SPEECH_END, TURN_END_DETECTED,
  // Speech to text
  STT_REQUEST, STT_START, STT_COMPLETE, STT_NO_SPEECH, STT_ERROR,
  // LLM and tools
  LLM_REQUEST, LLM_FIRST_TOKEN, LLM_COMPLETE, LLM_ERROR, TOOL_REQUEST_START, TOOL_REQUEST_END,
  // Text to speech and playback
  TTS_REQUEST, TTS_START, TTS_FIRST_AUDIO, TTS_PLAYBACK_START, TTS_PLAYBACK_END, TTS_PLAYBACK_INTERRUPTED,
  TTS_ERROR,
  // Health
  AUDIO_STATS, EVENTS_DROPPED, ERROR;

  /** The name as JSON string bytes, quotes included: encoded once, written for every event. */
  final byte[] quotedName = ('"' + name() + '"').getBytes(StandardCharsets.US_ASCII);

  /**
   * The known type of that name, or {@code null} for a custom type. Thread-safe.
   *
   * @param name an event type as it appears in a log line
   */
  public static EventType fromName(String name) {
    return name == null ? null : ByName.TYPES.get(name);
  }

  /**
   * The known types by name: a map lookup, not {@code valueOf}, whose exception for every custom type (every
   * Realtime event a tap logs or a reader reads) would cost a stack trace per event.
   */
  private static final class ByName {
    static final Map<String, EventType> TYPES;

    static {
      Map<String, EventType> m = new HashMap<>();
      for (EventType t : values()) {
        m.put(t.name(), t);
      }
      TYPES = Map.copyOf(m);
    }
  }
}
