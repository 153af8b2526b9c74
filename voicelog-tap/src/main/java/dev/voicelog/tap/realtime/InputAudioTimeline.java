package dev.voicelog.tap.realtime;

/**
 * When each piece of the session's input audio passed through the proxy. The Realtime API counts
 * {@code audio_start_ms} and {@code audio_end_ms} from the start of all audio appended in the session; this
 * maps such a position back to the monotonic time the chunk holding it was forwarded upstream. For a
 * client that streams its microphone (20 ms chunks, say), that is within one chunk of when the words were
 * spoken; the server's VAD event arrives later by the silence it waited for and the network.
 *
 * <p>Holds the last {@value #CAPACITY} chunks (about ten minutes of 20 ms chunks); older positions are
 * unknown. Not thread-safe: {@link RealtimeState} guards it.
 */
final class InputAudioTimeline {
  static final int CAPACITY = 32_768;
  /** Returned by {@link #nanosAt} for a position not (or no longer) known. */
  static final long UNKNOWN = Long.MIN_VALUE;

  /** Start position of chunk i, microseconds of audio from the session's first chunk. */
  private final long[] startMicros = new long[CAPACITY];
  private final long[] forwardedNanos = new long[CAPACITY];
  /** Chunks recorded so far; chunk i lives at index i % CAPACITY. */
  private long count;
  private long totalMicros;

  /** Records a chunk of {@code micros} of audio forwarded at {@code nanos}. */
  void append(double micros, long nanos) {
    long d = Math.max(0, Math.round(micros));
    if (d == 0) {
      return;
    }
    int i = (int) (count % CAPACITY);
    startMicros[i] = totalMicros;
    forwardedNanos[i] = nanos;
    totalMicros += d;
    count++;
  }

  /** Audio appended so far, in milliseconds. */
  double positionMillis() {
    return totalMicros / 1000.0;
  }

  /**
   * The time the chunk holding the audio at {@code positionMs} was forwarded, or {@link #UNKNOWN} when that
   * audio has not passed yet or is older than the chunks kept. A position on a boundary belongs to the chunk
   * that starts there.
   */
  long nanosAt(double positionMs) {
    long pos = Math.round(positionMs * 1000);
    if (count == 0 || pos < 0 || pos >= totalMicros) {
      return UNKNOWN;
    }
    long oldest = Math.max(0, count - CAPACITY);
    if (pos < startMicros[(int) (oldest % CAPACITY)]) {
      return UNKNOWN;
    }
    // the last chunk (in [oldest, count)) that starts at or before pos
    long lo = oldest;
    long hi = count - 1;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (startMicros[(int) (mid % CAPACITY)] <= pos) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return forwardedNanos[(int) (lo % CAPACITY)];
  }

  @Override
  public String toString() {
    return "InputAudioTimeline[" + count + " chunks, " + positionMillis() + " ms]";
  }
}
