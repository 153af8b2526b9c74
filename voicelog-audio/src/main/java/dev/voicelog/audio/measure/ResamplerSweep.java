package dev.voicelog.audio.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stepped sine sweep that measures a sample-rate converter the way its specification is written:
 * passband ripple up to 0.9 of the lower Nyquist frequency, and rejection of everything that aliases or
 * images. Any converter can be measured (ours, sox), on the same input: {@link #input(int, int)} builds the
 * sweep, the converter resamples it, {@link #analyze(int, int, float[])} reads the result.
 *
 * <p>The sweep is a sequence of {@link #SEGMENT_SECONDS} tone segments at amplitude {@link #AMPLITUDE}:
 * passband tones (gain and rejection measured), tones in the transition band (rejection only) and, when
 * down-sampling, tones above the output's Nyquist frequency (they must vanish: all their output counts as
 * alias). Each is measured by {@link ToneFit} over the middle of its segment, clear of the filters'
 * transients at the segment boundaries.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResamplerSweep {
  /** Peak amplitude of every tone of the sweep, full scale being 1. */
  public static final double AMPLITUDE = 0.5;
  /** Length of each tone's segment of the sweep, in seconds. */
  public static final double SEGMENT_SECONDS = 0.25;
  /** Analysed part of each segment, centred: 100 ms, 75 ms clear of each boundary. */
  public static final double WINDOW_SECONDS = 0.1;
  /** Passband edge measured, as a fraction of the lower Nyquist frequency. */
  public static final double PASSBAND = 0.9;

  /**
   * One measured tone. Immutable and thread-safe.
   *
   * @param hz the tone's frequency at the converter's input, in Hz
   * @param kind what the tone tests
   * @param gainDb the tone's gain through the converter, in dB (0 is unity); NaN for a stopband tone
   * @param rejectionDb how far below the tone's expected level everything else in its window lies, in dB; for a
   *     stopband tone, the whole output (which should vanish)
   */
  public record Tone(double hz, Kind kind, double gainDb, double rejectionDb) {}

  /** What a tone tests. Immutable and thread-safe. */
  public enum Kind {
    /** Below the passband edge: flat gain, nothing else. */
    PASSBAND,
    /** Between the passband edge and the lower Nyquist frequency: no aliases or images. */
    TRANSITION,
    /** Above the output's Nyquist frequency (down-sampling): must vanish. */
    STOPBAND
  }

  /**
   * The whole measurement of one converter at one rate pair. Immutable and thread-safe (the tones are
   * copied into an unmodifiable list).
   *
   * @param fromRate the converter's input rate, in Hz
   * @param toRate the converter's output rate, in Hz
   * @param tones every tone measured, in the order of the sweep
   */
  public record Result(int fromRate, int toRate, List<Tone> tones) {
    /** Copies {@code tones}, so the result cannot change under its readers. */
    public Result {
      tones = List.copyOf(tones);
    }

    /** Largest passband deviation from unity gain, in dB (absolute). */
    public double rippleDb() {
      return tones.stream().filter(t -> t.kind == Kind.PASSBAND).mapToDouble(t -> Math.abs(t.gainDb)).max().orElse(0);
    }

    /** Smallest rejection over every tone, in dB. */
    public double rejectionDb() {
      return tones.stream().mapToDouble(Tone::rejectionDb).min().orElse(Double.POSITIVE_INFINITY);
    }

    /** The tone with the least rejection. */
    public Tone worst() {
      return tones.stream().min((a, b) -> Double.compare(a.rejectionDb, b.rejectionDb)).orElseThrow();
    }

    @Override
    public String toString() {
      Tone w = worst();
      return String.format(Locale.ROOT, "%d->%d Hz: passband ripple %.5f dB, rejection %.1f dB (worst at %.1f Hz, %s)",
          fromRate, toRate, rippleDb(), rejectionDb(), w.hz, w.kind);
    }
  }

  private ResamplerSweep() {}

  /** The tones of the sweep for a rate pair, in order. */
  public static List<double[]> plan(int fromRate, int toRate) {
    double lower = Math.min(fromRate, toRate) / 2.0;
    List<double[]> tones = new ArrayList<>();
    // A small irrational-ish offset keeps images and aliases off the tones' own frequencies.
    double nudge = 0.999_37;
    for (double f : new double[] {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85}) {
      tones.add(new double[] {f * nudge * lower, Kind.PASSBAND.ordinal()});
    }
    tones.add(new double[] {PASSBAND * 0.999_99 * lower, Kind.PASSBAND.ordinal()});
    for (double f : new double[] {0.93, 0.97, 0.995}) {
      tones.add(new double[] {f * lower, Kind.TRANSITION.ordinal()});
    }
    if (fromRate > toRate) {
      double outNyquist = toRate / 2.0;
      double inNyquist = fromRate / 2.0;
      for (double f : new double[] {0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.97}) {
        tones.add(new double[] {outNyquist + f * (inNyquist - outNyquist), Kind.STOPBAND.ordinal()});
      }
    }
    return tones;
  }

  /** The sweep signal at {@code fromRate}. */
  public static float[] input(int fromRate, int toRate) {
    List<double[]> tones = plan(fromRate, toRate);
    int seg = (int) Math.round(SEGMENT_SECONDS * fromRate);
    float[] x = new float[seg * tones.size()];
    for (int i = 0; i < tones.size(); i++) {
      double w = 2 * Math.PI * tones.get(i)[0] / fromRate;
      for (int n = 0; n < seg; n++) {
        x[i * seg + n] = (float) (AMPLITUDE * Math.sin(w * (i * seg + n)));
      }
    }
    return x;
  }

  /** Measures a converter's output of {@link #input(int, int)}. */
  public static Result analyze(int fromRate, int toRate, float[] output) {
    List<double[]> tones = plan(fromRate, toRate);
    double seg = SEGMENT_SECONDS * toRate;
    int window = (int) Math.round(WINDOW_SECONDS * toRate);
    List<Tone> out = new ArrayList<>();
    for (int i = 0; i < tones.size(); i++) {
      int start = (int) Math.round(i * seg + (seg - window) / 2);
      if (start + window > output.length) {
        throw new IllegalArgumentException("output too short for the sweep: " + output.length + " samples");
      }
      double hz = tones.get(i)[0];
      Kind kind = Kind.values()[(int) tones.get(i)[1]];
      if (kind == Kind.STOPBAND) {
        ToneFit fit = ToneFit.fit(output, start, window, hz % toRate, toRate);
        out.add(new Tone(hz, kind, Double.NaN, fit.rejectionDb(AMPLITUDE, true)));
      } else {
        ToneFit fit = ToneFit.fit(output, start, window, hz, toRate);
        out.add(new Tone(hz, kind, fit.gainDb(AMPLITUDE), fit.rejectionDb(AMPLITUDE, false)));
      }
    }
    return new Result(fromRate, toRate, out);
  }
}
