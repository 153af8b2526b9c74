package dev.voicelog.audio.resample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polyphase filter bank of one rate pair: a Kaiser-windowed sinc low-pass designed at the up-sampled
 * rate {@code F = L * from}, split into {@code L} phases of {@code K} taps.
 *
 * <p>Specification: passband to {@link #PASSBAND} of the lower Nyquist frequency, stopband from the lower
 * Nyquist frequency itself (so nothing aliases or images, as with sox's default), {@link #ATTENUATION_DB}
 * of stopband attenuation. A Kaiser window's ripple is the same in both bands, so 110 dB of rejection
 * leaves a passband ripple of about 3e-5 dB. Length from Kaiser's formula
 * {@code N = (A - 7.95) / (14.36 * df) + 1}, with {@code df} the transition width over {@code F}.
 *
 * <p>The filter is centred: tap {@code C = (N - 1) / 2} is the middle, and the resampler reads it so that
 * output sample {@code n} is the signal at time {@code n / to} exactly (no delay to compensate).
 *
 * <p>Designs are immutable and cached per reduced rate pair, shared by every resampler.
 */
final class FilterDesign {
  static final double PASSBAND = 0.9;
  static final double ATTENUATION_DB = 110;
  /** Largest up-sampling factor after reducing the ratio: 441 (8 kHz to 44.1 kHz) needs 441. */
  static final int MAX_PHASES = 1024;

  private static final Map<Long, FilterDesign> CACHE = new ConcurrentHashMap<>();

  final int up;
  final int down;
  final int taps;
  final int center;
  /** {@code phases[p][k] = h[p + up * (taps - 1 - k)]}: reversed, so a dot product runs forward in time. */
  final float[][] phases;

  private FilterDesign(int up, int down) {
    this.up = up;
    this.down = down;
    double from = down;
    double to = up;
    double lowerNyquist = Math.min(from, to) / 2;
    double rate = from * up; // the up-sampled rate F, in units where from = down
    double pass = PASSBAND * lowerNyquist;
    double stop = lowerNyquist;
    double width = (stop - pass) / rate;
    int n = (int) Math.ceil((ATTENUATION_DB - 7.95) / (14.36 * width)) + 1;
    if (n % 2 == 0) {
      n++;
    }
    this.center = (n - 1) / 2;
    this.taps = ((n + up - 1) / up + 3) / 4 * 4; // a multiple of four: the resampler takes taps four at a time
    double cutoff = (pass + stop) / 2 / rate; // cycles per sample at F
    double beta = 0.1102 * (ATTENUATION_DB - 8.7);
    double i0Beta = besselI0(beta);
    double[] h = new double[taps * up];
    double sum = 0;
    for (int t = 0; t < n; t++) {
      double x = t - center;
      double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      double r = x / center;
      double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      h[t] = sinc * window;
      sum += h[t];
    }
    double gain = up / sum; // each phase then sums to ~1: unity gain at DC
    this.phases = new float[up][taps];
    for (int p = 0; p < up; p++) {
      for (int k = 0; k < taps; k++) {
        phases[p][k] = (float) (h[p + up * (taps - 1 - k)] * gain);
      }
    }
  }

  static FilterDesign of(int fromRate, int toRate) {
    int g = gcd(fromRate, toRate);
    int up = toRate / g;
    int down = fromRate / g;
    if (up > MAX_PHASES) {
      throw new IllegalArgumentException("cannot resample " + fromRate + " Hz to " + toRate
          + " Hz: the ratio reduces to " + up + "/" + down + ", more than " + MAX_PHASES + " phases");
    }
    return CACHE.computeIfAbsent(((long) up << 32) | down, k -> new FilterDesign(up, down));
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series (converges for any x). */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
