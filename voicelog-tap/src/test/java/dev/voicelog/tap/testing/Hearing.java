package dev.voicelog.tap.testing;

/**
 * What a simulated agent hears of the caller: where an utterance starts (its first loud sample) and where
 * it ends (its last loud sample, known once {@value #END_OF_UTTERANCE_MS} ms of quiet have followed). Exact
 * on the tests' synthetic tones, and independent of the tap's VAD, whose answers the tests check.
 */
public final class Hearing {
  /** A sample this loud is speech. */
  public static final int LOUD = 1_000;
  /** Quiet after the last loud sample before the agent decides the caller has finished. */
  public static final int END_OF_UTTERANCE_MS = 200;

  private boolean inUtterance;
  private double startMs = -1;
  private double lastLoudMs;

  /**
   * Hears samples at {@code rate} whose first is at stream time {@code fromMs}; returns where an utterance
   * ended when these samples make it certain, else -1.
   */
  public double hear(short[] samples, double fromMs, int rate) {
    for (int i = 0; i < samples.length; i++) {
      if (Math.abs((int) samples[i]) >= LOUD) {
        double at = fromMs + i * 1000.0 / rate;
        if (!inUtterance) {
          inUtterance = true;
          startMs = at;
        }
        lastLoudMs = at;
      }
    }
    double now = fromMs + samples.length * 1000.0 / rate;
    if (inUtterance && now - lastLoudMs >= END_OF_UTTERANCE_MS) {
      inUtterance = false;
      return lastLoudMs;
    }
    return -1;
  }

  /** Whether the caller is speaking. */
  public boolean inUtterance() {
    return inUtterance;
  }

  /** Where the current (or last) utterance started, stream ms; -1 before any. */
  public double utteranceStartMs() {
    return startMs;
  }
}
