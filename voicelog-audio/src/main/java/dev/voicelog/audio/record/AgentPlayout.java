package dev.voicelog.audio.record;

/**
 * The agent's playout queue, modelled: a phone line or a Realtime client plays audio in real time, one
 * piece after another, starting when it arrives. Audio that arrives faster than real time queues; audio
 * that arrives slower leaves gaps (silence). An interruption throws away what has not played yet.
 *
 * <p>Pure arithmetic on the session's clock, so the caller's thread gets its answers at once.
 * Not thread-safe: {@link CallRecorder} guards it with a lock.
 */
final class AgentPlayout {
  /** When the current (or last) playback started. */
  private long playbackStart;
  /** When everything queued will have played. */
  private long playEnd;
  private boolean everPlayed;
  private boolean finishReported = true;

  /** A finished playback waiting to be reported, or null. */
  record Finished(long atNanos, long playedNanos) {}

  /**
   * Queues {@code durationNanos} of audio that arrived at {@code now}; returns when it starts playing.
   * {@code startedNew[0]} is set when it starts a new playback after silence.
   */
  long offer(long now, long durationNanos, boolean[] startedNew) {
    long start;
    if (!everPlayed || now >= playEnd) {
      start = now;
      playbackStart = now;
      everPlayed = true;
      finishReported = false;
      startedNew[0] = true;
    } else {
      start = playEnd;
      startedNew[0] = false;
    }
    playEnd = start + durationNanos;
    return start;
  }

  /** The previous playback's end, if it ended by {@code now} and was not yet reported. */
  Finished poll(long now) {
    if (everPlayed && !finishReported && now >= playEnd) {
      finishReported = true;
      return new Finished(playEnd, playEnd - playbackStart);
    }
    return null;
  }

  /**
   * Cuts the agent's audio at {@code at} (clamped to the current playback's start): what would have played
   * from then on is discarded.
   */
  Interruption cut(long at) {
    if (!everPlayed || finishReported || at >= playEnd) {
      return new Interruption(at, false, 0, 0, 0);
    }
    long cutAt = Math.max(at, playbackStart);
    Interruption result = new Interruption(cutAt, true, playbackStart, cutAt - playbackStart, playEnd - cutAt);
    playEnd = cutAt;
    finishReported = true; // an interrupted playback is reported by the interruption, not as finished
    return result;
  }

  /** Whether audio is playing or queued at {@code now}. */
  boolean playing(long now) {
    return everPlayed && now < playEnd;
  }

  long playEnd() {
    return playEnd;
  }

  long playbackStart() {
    return playbackStart;
  }
}
