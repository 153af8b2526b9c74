package dev.voicelog.tap.realtime;

/**
 * The Realtime event types the proxy itself acts on, beta and GA names side by side. (What each one means
 * for turns and metrics is the reader layer's mapping, not the proxy's.)
 */
final class RealtimeTypes {
  static final String SESSION_CREATED = "session.created";
  static final String SESSION_UPDATED = "session.updated";
  static final String SESSION_UPDATE = "session.update";
  static final String APPEND = "input_audio_buffer.append";
  static final String SPEECH_STARTED = "input_audio_buffer.speech_started";
  static final String SPEECH_STOPPED = "input_audio_buffer.speech_stopped";
  static final String RESPONSE_DONE = "response.done";
  /** Output audio: beta and GA names. */
  static final String AUDIO_DELTA_BETA = "response.audio.delta";
  static final String AUDIO_DELTA_GA = "response.output_audio.delta";
  static final String ERROR = "error";

  private RealtimeTypes() {}

  static boolean isOutputAudio(String type) {
    return AUDIO_DELTA_BETA.equals(type) || AUDIO_DELTA_GA.equals(type);
  }
}
