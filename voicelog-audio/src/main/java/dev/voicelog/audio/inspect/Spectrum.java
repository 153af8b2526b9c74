package dev.voicelog.audio.inspect;

/**
 * Where the energy of a signal lies, FFT-free: the average power of Hann-windowed frames at 64 frequencies
 * from 0 to Nyquist (single-bin DFTs, as Goertzel computes them).
 */
final class Spectrum {
  static final int BINS = 64;
  static final int FRAME = 512;
  static final int MAX_FRAMES = 100;

  private Spectrum() {}

  /** The frequency below which 99.9 % of the energy lies (at {@code rate}); 0 for silence. */
  static double bandwidth(short[] x, int rate) {
    int frames = Math.min(MAX_FRAMES, x.length / FRAME);
    if (frames == 0) {
      return 0;
    }
    int stride = (x.length / FRAME) / frames;
    double[] power = new double[BINS + 1];
    double[] window = new double[FRAME];
    for (int n = 0; n < FRAME; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME);
    }
    for (int f = 0; f < frames; f++) {
      int start = f * stride * FRAME;
      for (int b = 0; b <= BINS; b++) {
        double w = Math.PI * b / BINS;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int n = 0; n < FRAME; n++) {
          double s = x[start + n] * window[n] + coeff * s1 - s2;
          s2 = s1;
          s1 = s;
        }
        power[b] += s1 * s1 + s2 * s2 - coeff * s1 * s2;
      }
    }
    double total = 0;
    for (double p : power) {
      total += p;
    }
    if (total <= 0) {
      return 0;
    }
    double acc = 0;
    for (int b = 0; b <= BINS; b++) {
      acc += power[b];
      if (acc >= 0.999 * total) {
        return (b + 0.5) * rate / 2.0 / BINS;
      }
    }
    return rate / 2.0;
  }
}
