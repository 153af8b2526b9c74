package dev.voicelog.audio.record;

/**
 * Told when the agent's audio actually starts and stops playing, by the recorder's playout model (audio
 * plays in real time from its arrival, one piece after another). A tap logs {@code TTS_PLAYBACK_START} and
 * {@code TTS_PLAYBACK_END} from these, with {@code EventBuilder.at(nanos)}: the times are exact readings of
 * the session's clock even when the call comes later.
 *
 * <p><b>Threads.</b> {@link #started} is called on the thread that called {@link CallRecorder#agent}, inside
 * that call. {@link #finished} is called when the recorder notices the queue has run dry: inside a later
 * {@code agent}, {@code clear} or {@code close} call, or on the recorder's own thread within its tick
 * ({@link CallRecorder.Builder#tick}); {@link #endedWhilePlaying} inside {@code end}. Implementations must be
 * quick and must not block or throw (what they throw is caught and reported once through
 * {@link System.Logger}). Interruptions are returned by
 * {@link CallRecorder#clear()}, not told here.
 */
public interface PlayoutListener {
  /** A listener that does nothing. */
  PlayoutListener NONE = new PlayoutListener() {};

  /** Agent audio started playing at {@code atNanos} (the session's clock) after silence. */
  default void started(long atNanos) {}

  /** The queued agent audio finished playing at {@code atNanos}, {@code playedNanos} after it started. */
  default void finished(long atNanos, long playedNanos) {}

  /**
   * The recording ended ({@link CallRecorder#end()}) at {@code atNanos} while agent audio was still playing,
   * {@code playedNanos} after it started: the rest is not in the file. Called inside {@code end}. By default
   * the same as {@link #finished}, so that every playback started is also ended.
   */
  default void endedWhilePlaying(long atNanos, long playedNanos) {
    finished(atNanos, playedNanos);
  }
}
