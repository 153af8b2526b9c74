package dev.voicelog.otel;

import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.Durations;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One histogram per turn metric ({@code voice.voice_to_voice}, {@code voice.ttfa}, {@code voice.llm_ttft},
 * ...; see {@link VoiceAttributes#metricName}), in seconds, with buckets fine enough to tell a 300 ms reply
 * from a 500 ms one. Each completed turn records the metrics it has. Thread-safe (the SDK's instruments are).
 */
final class LatencyHistograms {
  /** Bucket boundaries in seconds: 10 ms to 60 s, densest where conversational latencies live. */
  static final List<Double> BUCKETS = List.of(0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.25,
      1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 60.0);

  private final Map<Metric, DoubleHistogram> histograms = new EnumMap<>(Metric.class);

  LatencyHistograms(Meter meter) {
    for (Metric m : Metric.values()) {
      histograms.put(m, meter.histogramBuilder(VoiceAttributes.metricName(m))
          .setUnit("s")
          .setDescription("The " + m.id() + " of each turn (see docs/otel.md)")
          .setExplicitBucketBoundariesAdvice(BUCKETS)
          .build());
    }
  }

  /** Records every metric the turn reports. */
  void record(Turn turn) {
    for (Map.Entry<Metric, Long> m : turn.metrics().entrySet()) {
      histograms.get(m.getKey()).record(Durations.toSeconds(m.getValue()));
    }
  }
}
