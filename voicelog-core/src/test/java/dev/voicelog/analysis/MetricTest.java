package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricTest {
  @Test
  void fromIdReadsEveryMetricsOwnNameInEitherCaseAndNothingElse() {
    for (Metric m : Metric.values()) {
      assertThat(Metric.fromId(m.id())).isEqualTo(m);
      assertThat(Metric.fromId(m.name())).isEqualTo(m);
    }
    assertThat(Metric.fromId("voice-to-voice")).isNull();
    assertThat(Metric.fromId("")).isNull();
    assertThat(Metric.fromId(null)).isNull();
  }
}
