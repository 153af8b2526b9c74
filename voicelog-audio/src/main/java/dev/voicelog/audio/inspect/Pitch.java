package dev.voicelog.audio.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the pitch period of voiced speech, in samples (so it holds at any rate): the normalized
 * autocorrelation of loud frames, its first peak above 0.9 of the frame's best one (which avoids octave
 * errors), the median over voiced frames.
 */
final class Pitch {
  static final int MIN_LAG = 16; // 500 Hz at 8 kHz
  static final int MAX_LAG = 700; // 69 Hz at 48 kHz
  static final int WINDOW = 1024;
  static final double VOICED = 0.6;

  private Pitch() {}

  /** Median period in samples of the voiced frames, or NaN when fewer than three frames are voiced. */
  static double medianPeriod(short[] x) {
    int frame = WINDOW + MAX_LAG;
    if (x.length < frame) {
      return Double.NaN;
    }
    int hop = WINDOW / 2;
    double[] energy = new double[(x.length - frame) / hop + 1];
    for (int f = 0; f < energy.length; f++) {
      double e = 0;
      for (int n = 0; n < WINDOW; n++) {
        double v = x[f * hop + n];
        e += v * v;
      }
      energy[f] = e / WINDOW;
    }
    double[] sorted = energy.clone();
    java.util.Arrays.sort(sorted);
    double loud = Math.max(sorted[sorted.length / 2], 1e4); // louder than the median frame, and than -50 dBFS
    List<Double> periods = new ArrayList<>();
    double[] r = new double[MAX_LAG + 1];
    for (int f = 0; f < energy.length; f++) {
      if (energy[f] < loud) {
        continue;
      }
      int start = f * hop;
      double e0 = 0;
      for (int n = 0; n < WINDOW; n++) {
        double v = x[start + n];
        e0 += v * v;
      }
      double best = 0;
      for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
        double c = 0;
        double el = 0;
        for (int n = 0; n < WINDOW; n++) {
          double v = x[start + n + lag];
          c += x[start + n] * v;
          el += v * v;
        }
        r[lag] = c / Math.sqrt(e0 * el + 1e-9);
        best = Math.max(best, r[lag]);
      }
      if (best < VOICED) {
        continue;
      }
      for (int lag = MIN_LAG + 1; lag < MAX_LAG; lag++) {
        if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
          periods.add((double) lag);
          break;
        }
      }
    }
    if (periods.size() < 3) {
      return Double.NaN;
    }
    Collections.sort(periods);
    return periods.get(periods.size() / 2);
  }
}
