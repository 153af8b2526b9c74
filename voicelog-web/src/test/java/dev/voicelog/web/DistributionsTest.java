package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistributionsTest {
  @Test
  void binWidthsAreRoundNumbers() {
    assertThat(Distributions.roundWidth(1)).isEqualTo(1);
    assertThat(Distributions.roundWidth(3)).isEqualTo(5);
    assertThat(Distributions.roundWidth(17_001)).isEqualTo(20_000);
    assertThat(Distributions.roundWidth(50_000)).isEqualTo(50_000);
    assertThat(Distributions.roundWidth(50_001)).isEqualTo(100_000);
  }
}
