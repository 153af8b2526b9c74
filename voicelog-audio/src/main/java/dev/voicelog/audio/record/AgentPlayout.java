package dev.voicelog.audio.record;

/**
 * The agent's playout queue, modelled: a phone line or a Realtime client plays audio in real time, one
 * piece after another, starting when it arrives. Audio that arrives faster than real time queues; audio
 * that arrives slower leaves gaps (silence). An interruption throws away what has not played yet.
 *
 * <p>This is the one definition of "when the agent's audio is heard": {@link CallRecorder} places the
 * agent's channel with it, and the telephony taps time the agent's playback with their own instance fed
 * the same arrivals (so they can time a call they do not record).
 *
 * <p>Pure arithmetic on the caller's clock (any monotonic nanosecond scale), so every answer is immediate.
 * <b>Not thread-safe</b>: guard an instance with one lock, or use it from one thread.
 */
public final class AgentPlayout {
  /** When the current (or last) playback started. */
  private long playbackStart;
  /** When everything queued will have played. */
  private long playEnd;
  private boolean everPlayed;
  private boolean finishReported = true;

  /** A finished playback waiting to be reported, or null. */
  record Finished(long atNanos, long playedNanos) {}

  /** An idle playout: nothing has played yet. */
  public AgentPlayout() {}

  /**
   * Queues {@code durationNanos} of audio that arrived at {@code arrivedNanos} (arrivals in order); returns
   * when it starts playing: at its arrival when nothing was playing then, else when the audio queued before
   * it has played.
   */
  public long offer(long arrivedNanos, long durationNanos) {
    return offer(arrivedNanos, durationNanos, new boolean[1]);
  }

  /**
   * {@link #offer(long, long)}; {@code startedNew[0]} is set when the audio starts a new playback after
   * silence.
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
   * from then on is discarded. Returns what the cut did; {@link Interruption#wasPlaying()} is false when
   * nothing was playing or queued at {@code at}.
   */
  public Interruption cut(long at) {
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
  public boolean playing(long now) {
    return everPlayed && now < playEnd;
  }

  /** Whether any audio was ever offered. */
  public boolean everPlayed() {
    return everPlayed;
  }

  /** When everything queued so far will have played (or was cut); meaningless before the first offer. */
  public long playEnd() {
    return playEnd;
  }

  /** When the current (or last) playback started: the arrival that found the queue empty. */
  public long playbackStart() {
    return playbackStart;
  }
}
