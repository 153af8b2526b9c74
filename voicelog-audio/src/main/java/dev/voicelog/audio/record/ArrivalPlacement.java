package dev.voicelog.audio.record;

/**
 * Where audio that carries no timestamp of its own goes on the clock: each frame ends when it arrived
 * (its last sample was just captured), and a gap to the previous frame no longer than the arrival jitter is
 * closed, so network jitter does not chop the audio; a frame that arrived faster than real time follows the
 * previous one. The placement error stays under the jitter allowance. This is the one rule for user audio
 * placed by arrival: {@link CallRecorder#userArrived} uses it, and the AudioSocket tap times the caller's
 * speech with its own instance.
 *
 * <p>Pure arithmetic; <b>not thread-safe</b> (one stream, one thread or one lock).
 */
public final class ArrivalPlacement {
  private final long jitterNanos;
  private long end = Long.MIN_VALUE;

  /** Closes gaps of at most {@code jitterNanos} between consecutive frames. */
  public ArrivalPlacement(long jitterNanos) {
    if (jitterNanos < 0) {
      throw new IllegalArgumentException("jitter must not be negative: " + jitterNanos);
    }
    this.jitterNanos = jitterNanos;
  }

  /** Places a frame of {@code durationNanos} that arrived at {@code arrivedNanos}; returns where it starts. */
  public long place(long arrivedNanos, long durationNanos) {
    long start = arrivedNanos - durationNanos;
    if (end != Long.MIN_VALUE && start - end <= jitterNanos) {
      start = end;
    }
    end = start + durationNanos;
    return start;
  }

  /** Where the frames placed so far end, or {@link Long#MIN_VALUE} before the first. */
  public long end() {
    return end;
  }
}
