package dev.voicelog.audio.measure;

/**
 * Measures one sinusoid of known frequency in a signal, FFT-free: a least-squares fit of
 * {@code a cos(wn) + b sin(wn)} over a window (the single-bin correlation Goertzel computes, solved exactly
 * for a finite window, so there is no leakage to correct), and the power of everything else in the window
 * (the residual). The residual, over the power the tone should have, is the rejection of all unwanted
 * components together: aliases, images, noise.
 *
 * <p>Stateless and thread-safe. Computes in double precision.
 */
final class ToneFit {
  private final double amplitude;
  private final double residualPower;
  private final double totalPower;

  private ToneFit(double amplitude, double residualPower, double totalPower) {
    this.amplitude = amplitude;
    this.residualPower = residualPower;
    this.totalPower = totalPower;
  }

  /** Fits a tone of {@code hz} at sample rate {@code rate} to {@code len} samples of {@code x} from {@code off}. */
  static ToneFit fit(float[] x, int off, int len, double hz, double rate) {
    if (len < 4) {
      throw new IllegalArgumentException("window too short: " + len);
    }
    double w = 2 * Math.PI * hz / rate;
    double cc = 0;
    double cs = 0;
    double ss = 0;
    double yc = 0;
    double ys = 0;
    double yy = 0;
    for (int n = 0; n < len; n++) {
      double c = Math.cos(w * n);
      double s = Math.sin(w * n);
      double y = x[off + n];
      cc += c * c;
      cs += c * s;
      ss += s * s;
      yc += y * c;
      ys += y * s;
      yy += y * y;
    }
    double det = cc * ss - cs * cs;
    double a;
    double b;
    if (Math.abs(det) < 1e-9 * cc * ss) { // a frequency at 0 or Nyquist: only the cosine is observable
      a = cc > 0 ? yc / cc : 0;
      b = 0;
    } else {
      a = (yc * ss - ys * cs) / det;
      b = (ys * cc - yc * cs) / det;
    }
    double residual = 0;
    for (int n = 0; n < len; n++) {
      double e = x[off + n] - a * Math.cos(w * n) - b * Math.sin(w * n);
      residual += e * e;
    }
    return new ToneFit(Math.hypot(a, b), residual / len, yy / len);
  }

  /** The fitted tone's peak amplitude. */
  double amplitude() {
    return amplitude;
  }

  /** Mean power of what the tone does not explain. */
  double residualPower() {
    return residualPower;
  }

  /** Mean power of the whole window. */
  double totalPower() {
    return totalPower;
  }

  /** {@code 20 log10(amplitude / reference)}: the tone's gain in dB against a reference amplitude. */
  double gainDb(double referenceAmplitude) {
    return 20 * Math.log10(amplitude / referenceAmplitude);
  }

  /**
   * How far below a tone of {@code referenceAmplitude} everything else lies, in dB
   * ({@code 10 log10((A^2/2) / residual)}); {@code useTotal} measures the whole window instead (for a tone
   * that should vanish entirely, as above the Nyquist frequency of a down-sampler).
   */
  double rejectionDb(double referenceAmplitude, boolean useTotal) {
    double p = useTotal ? totalPower : residualPower;
    return 10 * Math.log10(referenceAmplitude * referenceAmplitude / 2 / Math.max(p, 1e-300));
  }
}
