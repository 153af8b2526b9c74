package dev.voicelog.tap.call;

/**
 * Where each sample of one audio stream is on the session's clock. Frames are added in order with the
 * moment their first sample was captured (Twilio: the stream's timestamp; AudioSocket: arrival) or played
 * (the agent's audio: the playout model); a sample inside a frame is at its start plus its offset over the
 * rate. A VAD reports positions a little in the past (its minimum speech, its hangover), so the last
 * {@value #CAPACITY} frames are kept; a position older than that is placed by the oldest frame kept.
 *
 * <p>Not thread-safe: one stream, one thread.
 */
final class StreamTimeline {
  /** Frames remembered: over 20 s of 20 ms frames, far beyond any VAD's look-back. */
  static final int CAPACITY = 1024;

  private final int rate;
  private final long[] firstSample = new long[CAPACITY];
  private final long[] startNanos = new long[CAPACITY];
  private long frames;
  private long samples;

  StreamTimeline(int rate) {
    this.rate = rate;
  }

  /** Adds a frame of {@code n} samples whose first sample is at {@code start} (session nanos). */
  void add(int n, long start) {
    int i = (int) (frames % CAPACITY);
    firstSample[i] = samples;
    startNanos[i] = start;
    frames++;
    samples += n;
  }

  /** Samples added so far. */
  long samples() {
    return samples;
  }

  /** The session-clock time of sample {@code sample} (0 before any frame). */
  long nanosAt(long sample) {
    if (frames == 0) {
      return 0;
    }
    long oldest = Math.max(0, frames - CAPACITY);
    long lo = oldest;
    long hi = frames - 1;
    while (lo < hi) { // the last frame that starts at or before the sample
      long mid = (lo + hi + 1) >>> 1;
      if (firstSample[(int) (mid % CAPACITY)] <= sample) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int i = (int) (lo % CAPACITY);
    return startNanos[i] + (sample - firstSample[i]) * 1_000_000_000L / rate;
  }
}
