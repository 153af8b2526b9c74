package dev.voicelog.read;

/**
 * The line formats a reader recognises, decided line by line from the fields present. Immutable and thread-safe.
 */
public enum LogFormat {
  /**
   * voicelog's own line: {@code timestamp}, {@code event_type}, {@code session_id}, {@code seq}, {@code t},
   * {@code turn}, {@code data} (../shared/DESIGN.md, "The event line"). Recognised by its {@code t}.
   */
  NATIVE,
  /**
   * The seed VoiceMode logger's line (seeds/001): {@code timestamp} ({@code +00:00} or {@code Z}),
   * {@code event_type}, {@code session_id} (may be null), {@code data}; no {@code seq}, no {@code t}.
   */
  VOICEMODE,
  /**
   * The Realtime-guide logger's line (seeds/002): {@code timestamp} (often local time without an offset),
   * {@code event_type} (a Realtime API type), {@code event_data}; Node's variant spells them
   * {@code eventType}/{@code eventData}. No session id: one file is one session, named after the file.
   */
  REALTIME_GUIDE
}
