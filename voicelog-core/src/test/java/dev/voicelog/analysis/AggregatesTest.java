package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.voicelog.read.LogReader;
import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatesTest {
  @TempDir Path tmp;

  @Test
  void percentilesInterpolateBetweenTheClosestRanksLikeQuantileCont() {
    long[] v = {10, 20, 30, 40};
    assertThat(Aggregates.quantile(v, 4, 0.5)).isEqualTo(25.0);
    assertThat(Aggregates.quantile(v, 4, 0.9)).isCloseTo(37.0, within(1e-9)); // rank 2.7: 30 + 0.7 * 10
    assertThat(Aggregates.quantile(v, 4, 0.0)).isEqualTo(10.0);
    assertThat(Aggregates.quantile(v, 4, 1.0)).isEqualTo(40.0);
    assertThat(Aggregates.quantile(new long[] {7}, 1, 0.99)).isEqualTo(7.0);
    long[] hundred = new long[101];
    for (int i = 0; i <= 100; i++) {
      hundred[i] = i * 1000L;
    }
    assertThat(Aggregates.quantile(hundred, 101, 0.95)).isEqualTo(95_000.0);
    assertThat(Aggregates.quantile(hundred, 101, 0.99)).isEqualTo(99_000.0);
  }

  @Test
  void statisticsAreOverTurnsAndGroupedByADataField() throws IOException {
    Analysis.Statistics s = Analysis.statistics(List.of(Fixtures.copy(Fixtures.NATIVE, tmp)), AnalysisOptions.defaults(),
        "provider", LogReader.create());
    Aggregates a = s.aggregates();
    assertThat(a.conversations()).isEqualTo(2);
    assertThat(a.all().turns()).isEqualTo(8);
    Aggregates.Stat v2v = a.all().metrics().get(Metric.VOICE_TO_VOICE);
    assertThat(v2v.count()).isEqualTo(4); // 2.210, 0.970, 0.900, 6.400
    assertThat(v2v.min()).isEqualTo(900_000L);
    assertThat(v2v.max()).isEqualTo(6_400_000L);
    assertThat(v2v.mean()).isEqualTo((2_210_000 + 970_000 + 900_000 + 6_400_000) / 4.0);
    assertThat(v2v.p50()).isEqualTo((970_000 + 2_210_000) / 2.0);
    assertThat(a.groups()).extracting(Aggregates.Group::value).containsExactly("assemblyai", "deepgram");
    assertThat(a.groups().get(1).metrics().get(Metric.VOICE_TO_VOICE).count()).isEqualTo(3);
    assertThat(s.anomalyCounts()).containsEntry(Anomaly.Kind.ERROR, 2L).containsEntry(Anomaly.Kind.LOST_EVENTS, 1L);
  }
}
