package dev.voicelog.audio.record;

import java.util.Arrays;

/**
 * The part of the stereo recording not yet written: two channels of 16-bit samples from absolute frame
 * {@link #base} on. Placing writes a channel at an absolute position (what lies before {@code base} is on
 * disk already and is not touched); {@link #take} hands the oldest frames to the file, interleaved.
 * Recorder thread only.
 */
final class Mix {
  static final int USER = 0;
  static final int AGENT = 1;

  private final int maxFrames;
  private short[][] channels = {new short[16_384], new short[16_384]};
  /** Absolute frame of index 0: everything before it is in the file. */
  long base;
  /** One past the last frame placed on either channel (absolute). */
  long end;
  /** One past the last frame placed on each channel (absolute). */
  final long[] ends = new long[2];
  long droppedSamples;

  Mix(int maxFrames) {
    this.maxFrames = maxFrames;
  }

  /**
   * Writes {@code n} samples to a channel from absolute frame {@code at}; returns how many samples fell
   * before {@code base} (too late to place) and were dropped.
   */
  int put(int channel, long at, short[] samples, int off, int n) {
    int late = 0;
    if (at < base) {
      late = (int) Math.min(n, base - at);
      off += late;
      n -= late;
      at = base;
    }
    if (n <= 0) {
      return late;
    }
    long rel = at - base;
    if (rel + n > maxFrames) {
      int fit = (int) Math.max(0, maxFrames - rel);
      droppedSamples += n - fit;
      n = fit;
      if (n == 0) {
        return late;
      }
    }
    ensure((int) rel + n);
    System.arraycopy(samples, off, channels[channel], (int) rel, n);
    ends[channel] = Math.max(ends[channel], at + n);
    end = Math.max(end, at + n);
    return late;
  }

  /** Silences a channel from absolute frame {@code from} on (an interruption): it ends there. */
  void silence(int channel, long from) {
    long rel = Math.max(0, from - base);
    int len = (int) Math.max(0, end - base);
    if (rel < len) {
      Arrays.fill(channels[channel], (int) rel, len, (short) 0);
    }
    ends[channel] = Math.max(Math.min(ends[channel], from), base);
    end = Math.max(Math.max(ends[0], ends[1]), base);
  }

  /**
   * Removes frames {@code base .. upTo-1} (silence past what was placed) into {@code out} interleaved;
   * returns how many frames it took (at most {@code out.length / 2}).
   */
  int take(long upTo, short[] out) {
    int n = (int) Math.min(out.length / 2, Math.max(0, upTo - base));
    int placed = (int) Math.max(0, Math.min(n, end - base));
    short[] left = channels[USER];
    short[] right = channels[AGENT];
    for (int i = 0; i < placed; i++) {
      out[2 * i] = left[i];
      out[2 * i + 1] = right[i];
    }
    Arrays.fill(out, 2 * placed, 2 * n, (short) 0);
    int remaining = (int) Math.max(0, end - base - n);
    for (short[] ch : channels) {
      System.arraycopy(ch, n, ch, 0, remaining);
      Arrays.fill(ch, remaining, Math.min(ch.length, remaining + n), (short) 0);
    }
    base += n;
    end = Math.max(end, base);
    ends[0] = Math.max(ends[0], base);
    ends[1] = Math.max(ends[1], base);
    return n;
  }

  private void ensure(int frames) {
    if (frames > channels[0].length) {
      int size = (int) Math.min(maxFrames, Math.max(frames, 2L * channels[0].length));
      channels[0] = Arrays.copyOf(channels[0], size);
      channels[1] = Arrays.copyOf(channels[1], size);
    }
  }
}
