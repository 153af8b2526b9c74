package dev.voicelog.tap.testing;

import dev.voicelog.audio.format.AudioFormat;

/** Synthetic call audio for the telephony tests: tone bursts with sharp edges, and silence, in any format. */
public final class Signals {
  /** The level of every tone: about -12 dBFS, far above the VAD's -45. */
  public static final int AMPLITUDE = 8_000;

  private Signals() {}

  /**
   * {@code ms} of audio in {@code f} starting at stream position {@code fromMs}: a tone of {@code hz} where
   * {@code speaking} says so (per sample, by its position), silence elsewhere. Positions need not fall on
   * frame boundaries, so speech edges land inside frames as real speech does.
   */
  public static byte[] frame(AudioFormat f, double fromMs, int ms, double hz, java.util.function.DoublePredicate speaking) {
    int n = f.sampleRate() * ms / 1000;
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      double at = fromMs + i * 1000.0 / f.sampleRate();
      s[i] = speaking.test(at) ? (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * hz * at / 1000)) : 0;
    }
    return f.encoding().encode(s);
  }

  /** {@code ms} of a tone in {@code f}. */
  public static byte[] tone(AudioFormat f, int ms, double hz) {
    return frame(f, 0, ms, hz, at -> true);
  }

  /** {@code ms} of silence in {@code f} (0xFF for mu-law, zeros for PCM). */
  public static byte[] silence(AudioFormat f, int ms) {
    return frame(f, 0, ms, 0, at -> false);
  }

  /** Whether stream time {@code at} (ms) is inside one of the {@code [start, end)} intervals. */
  public static boolean within(double at, double[]... intervals) {
    for (double[] iv : intervals) {
      if (at >= iv[0] && at < iv[1]) {
        return true;
      }
    }
    return false;
  }

  /** Where a recorded channel first gets loud (|sample| >= 1000), in ms from its first sample. */
  public static double onsetMs(short[] samples, int rate) {
    for (int i = 0; i < samples.length; i++) {
      if (Math.abs((int) samples[i]) >= 1_000) {
        return i * 1000.0 / rate;
      }
    }
    throw new AssertionError("no sound");
  }
}
