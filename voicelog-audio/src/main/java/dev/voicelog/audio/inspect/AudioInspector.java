package dev.voicelog.audio.inspect;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.wav.WavFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The audio doctor: reads audio bytes of known or unknown format and says what they most likely are and
 * what is wrong with them.
 *
 * <h2>Encoding</h2>
 * Decodes the bytes as each of PCM16 LE, PCM16 BE, mu-law and A-law and measures how smooth the result is
 * (lag-1 autocorrelation). Real audio decoded right is smooth (speech and tones: 0.6 to 1); the same bytes
 * decoded wrong turn into noise: PCM in the wrong byte order puts the low byte on top, G.711 read as PCM
 * pairs unrelated codes, PCM read as G.711 alternates high and low bytes.
 *
 * <h2>Sample rate</h2>
 * Raw bytes do not record their rate, so the doctor reads it from the content: the pitch of voiced speech
 * (autocorrelation, 50 to 500 Hz at the candidate rate) is 70 to 260 Hz for adult voices, and the energy of
 * telephone audio stops near 4 kHz. A declared rate at which the pitch is implausible is reported with the
 * rates at which it would be plausible: 8 kHz audio declared as 24 kHz has a 3x pitch (fast, high audio),
 * 24 kHz audio played at 8 kHz a third of it (slow audio).
 *
 * <p>Stateless and thread-safe.
 */
public final class AudioInspector {
  /** Candidate rates, in the order they are listed. */
  public static final List<Integer> STANDARD_RATES = List.of(8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000);
  static final double MIN_PITCH_HZ = 70;
  static final double MAX_PITCH_HZ = 260;
  static final double SILENCE_DBFS = -60;
  private static final int ANALYSIS_LIMIT = 48_000 * 30; // samples examined for encoding and pitch

  private AudioInspector() {}

  /**
   * Inspects audio bytes. {@code declared} is what the caller believes (a WAV header, a {@code --declared}
   * option), or null when nothing is known; its rate is then guessed from {@link #STANDARD_RATES}.
   */
  public static Inspection inspect(byte[] data, AudioFormat declared) {
    return inspect(data, declared, null);
  }

  /**
   * Inspects a WAV file's audio as its header declares it; a header whose data size is not the file's is
   * the first problem.
   */
  public static Inspection inspect(WavFile wav) {
    return inspect(wav.data(), wav.format(), wav.sizeMismatch() ? "the header's data size does not match the file "
        + "(unknown, as a streaming writer leaves it, or past its end: a writer that crashed): read to the end of the file"
        : null);
  }

  private static Inspection inspect(byte[] data, AudioFormat declared, String containerProblem) {
    EncodingCheck check = checkEncoding(data, declared);
    Encoding best = check.encoding();
    List<String> problems = new ArrayList<>();
    if (containerProblem != null) {
      problems.add(containerProblem);
    }
    int channels = declared == null ? 1 : declared.channels();
    boolean silent = check.silent();
    if (check.problem() != null) {
      problems.add(check.problem());
    }
    if (declared != null && data.length % declared.bytesPerFrame() != 0) {
      problems.add(String.format(Locale.ROOT, "a partial frame at the end: %d bytes is not a whole number of %d-byte %s "
          + "frames (a byte lost or added on the way shifts every sample after it)", data.length, declared.bytesPerFrame(),
          declared.encoding().id()));
    }
    short[] samples = decodeMono(data, best, channels, Integer.MAX_VALUE);
    short[] head = samples.length > ANALYSIS_LIMIT ? Arrays.copyOf(samples, ANALYSIS_LIMIT) : samples;

    double period = Pitch.medianPeriod(head);
    List<Integer> plausible = new ArrayList<>();
    if (!Double.isNaN(period)) {
      for (int r : STANDARD_RATES) {
        double f0 = r / period;
        if (f0 >= MIN_PITCH_HZ && f0 <= MAX_PITCH_HZ) {
          plausible.add(r);
        }
      }
    }
    int rate;
    String rateEvidence;
    if (declared != null) {
      rate = declared.sampleRate();
      if (Double.isNaN(period)) {
        rateEvidence = "declared; no speech pitch found to check it against";
      } else if (plausible.contains(rate) || (rate / period >= MIN_PITCH_HZ && rate / period <= MAX_PITCH_HZ)) {
        rateEvidence = String.format(Locale.ROOT, "declared; speech pitch %.0f Hz at this rate is plausible", rate / period);
      } else {
        rateEvidence = String.format(Locale.ROOT, "declared, but speech pitch at this rate is %.0f Hz", rate / period);
        problems.add(rateProblem(rate, period, plausible));
      }
    } else if (!plausible.isEmpty()) {
      rate = plausible.contains(16_000) ? 16_000 : plausible.get(0);
      rateEvidence = "raw data does not record its rate; speech pitch is plausible at " + ratesText(plausible, period);
    } else {
      rate = 16_000;
      rateEvidence = "raw data does not record its rate and no speech pitch was found; measured as 16000 Hz";
    }

    Levels levels = Levels.of(samples, best, rate);
    double bandwidth = Spectrum.bandwidth(head, rate);
    if (levels.clipped() > 0) {
      problems.add(String.format(Locale.ROOT, "clipping: %d samples at full scale", levels.clipped()));
    }
    if (Math.abs(levels.dc()) > 0.01) {
      problems.add(String.format(Locale.ROOT, "DC offset of %.1f %% of full scale", levels.dc() * 100));
    }
    if (!silent && levels.rmsDbfs() < -50) {
      problems.add(String.format(Locale.ROOT, "very quiet: %.1f dBFS average", levels.rmsDbfs()));
    }
    if (silent) {
      problems.add("digital silence: every sample is the same");
    }
    return new Inspection(declared, best, check.guesses(), rate, rateEvidence, List.copyOf(plausible),
        Double.isNaN(period) ? Double.NaN : rate / period, bandwidth, samples.length / (double) rate,
        levels.peakDbfs(), levels.rmsDbfs(), levels.dc(), levels.clipped(), levels.silenceRatio(), List.copyOf(problems));
  }

  /**
   * The encoding question alone, cheaply (no pitch, no spectrum, at most the first
   * {@value #ANALYSIS_LIMIT} samples): what the bytes most likely are and, when {@code declared} (may be
   * null) says otherwise, the mistake in words. {@link #inspect} asks it first; a tap asks it of every
   * playback of a call. Stateless and thread-safe.
   */
  public static EncodingCheck checkEncoding(byte[] data, AudioFormat declared) {
    List<EncodingGuess> guesses = new ArrayList<>();
    int channels = declared == null ? 1 : declared.channels();
    for (Encoding e : Encoding.values()) {
      guesses.add(new EncodingGuess(e, smoothness(decodeMono(data, e, channels, ANALYSIS_LIMIT))));
    }
    guesses.sort(Comparator.comparingDouble(EncodingGuess::smoothness).reversed());
    boolean silent = guesses.stream().allMatch(g -> Double.isNaN(g.smoothness()));
    Encoding best = silent ? (declared != null ? declared.encoding() : Encoding.PCM16LE) : guesses.get(0).encoding();
    String problem = null;
    if (declared != null && !silent && best != declared.encoding()) {
      EncodingGuess d = guesses.stream().filter(g -> g.encoding() == declared.encoding()).findFirst().orElseThrow();
      problem = String.format(Locale.ROOT, "declared %s, but the bytes read as %s (smoothness %.2f against %.2f): %s",
          declared.encoding().id(), best.id(), guesses.get(0).smoothness(), d.smoothness(), mistake(declared.encoding(), best));
    }
    return new EncodingCheck(best, List.copyOf(guesses), silent, problem);
  }

  private static String mistake(Encoding declared, Encoding actual) {
    if (declared.isG711() != actual.isG711()) {
      return actual.isG711() ? "G.711 sent as PCM (the classic \"noise instead of speech\")"
          : "PCM sent as G.711";
    }
    if (!declared.isG711()) {
      return "wrong byte order (the classic loud hiss)";
    }
    return "mu-law and A-law confused";
  }

  private static String rateProblem(int rate, double period, List<Integer> plausible) {
    double f0 = rate / period;
    String sound = f0 > MAX_PITCH_HZ ? "audio plays too fast and too high" : "audio plays too slow and too low (\"slow audio\")";
    String fix = plausible.isEmpty() ? "" : "; it is plausible at " + ratesText(plausible, period)
        + (plausible.size() == 1 ? ": this is probably " + plausible.get(0) + " Hz audio declared as " + rate + " Hz" : "");
    return String.format(Locale.ROOT, "sample rate: speech pitch at the declared %d Hz is %.0f Hz, outside the adult voice range %d-%d Hz: %s%s",
        rate, f0, (int) MIN_PITCH_HZ, (int) MAX_PITCH_HZ, sound, fix);
  }

  private static String ratesText(List<Integer> rates, double period) {
    StringBuilder sb = new StringBuilder();
    for (int r : rates) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%d Hz (pitch %.0f Hz)", r, r / period));
    }
    return sb.toString();
  }

  /** Decodes (at most {@code limit} samples of) the first channel. */
  static short[] decodeMono(byte[] data, Encoding e, int channels, int limit) {
    int frames = data.length / (e.bytesPerSample() * channels);
    short[] all = new short[Math.min(frames, limit) * channels];
    e.decode(data, 0, all.length, all, 0);
    if (channels == 1) {
      return all;
    }
    short[] mono = new short[all.length / channels];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = all[i * channels];
    }
    return mono;
  }

  /** Lag-1 autocorrelation (mean removed); NaN for a constant signal. */
  static double smoothness(short[] x) {
    if (x.length < 3) {
      return Double.NaN;
    }
    double mean = 0;
    for (short v : x) {
      mean += v;
    }
    mean /= x.length;
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      double a = x[i] - mean;
      den += a * a;
      if (i > 0) {
        num += a * (x[i - 1] - mean);
      }
    }
    return den < 1e-9 * x.length ? Double.NaN : num / den;
  }
}
