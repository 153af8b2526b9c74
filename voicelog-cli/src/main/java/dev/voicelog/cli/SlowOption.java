package dev.voicelog.cli;

import dev.voicelog.analysis.AnalysisOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --slow DURATION} (a picocli mixin): the threshold of the slow_turn anomaly. */
final class SlowOption {
  @Option(names = "--slow", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Flag turns whose voice_to_voice (else response_time) is over this, e.g. 1.5s.")
  Duration slow;

  AnalysisOptions options() {
    AnalysisOptions.Builder b = AnalysisOptions.builder();
    if (slow != null) {
      b.slowThreshold(slow);
    }
    return b.build();
  }

  long micros() {
    return slow == null ? 0 : slow.toNanos() / 1_000;
  }
}
