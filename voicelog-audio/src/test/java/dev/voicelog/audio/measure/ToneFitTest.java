package dev.voicelog.audio.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToneFitTest {
  @Test
  void findsTheAmplitudeOfAToneAndThePowerOfEverythingElse() {
    float[] x = new float[1600];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 16000.0 + 0.3) + 0.001 * Math.sin(2 * Math.PI * 5000 * n / 16000.0));
    }
    ToneFit fit = ToneFit.fit(x, 0, x.length, 1000, 16000);
    assertThat(fit.amplitude()).isCloseTo(0.5, within(1e-6));
    // The 0.001 tone is 54 dB below: its power is 0.001^2/2.
    assertThat(fit.rejectionDb(0.5, false)).isCloseTo(20 * Math.log10(0.5 / 0.001), within(0.1));
    assertThat(fit.rejectionDb(0.5, true)).isCloseTo(0, within(0.01));
    assertThat(fit.gainDb(0.25)).isCloseTo(6.0206, within(1e-3));
  }
}
