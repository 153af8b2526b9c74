package dev.voicelog.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of an analysis. Built with {@link #builder()}; every setting has a named default.
 * Immutable and thread-safe.
 */
public final class AnalysisOptions {
  /** VoiceMode sessions of one file (or one series of rotated files) at most this far apart form one conversation (DESIGN.md). */
  public static final Duration DEFAULT_STITCH_GAP = Duration.ofMinutes(5);
  /** No slow-turn threshold: SLOW_TURN anomalies are not reported unless one is set. */
  public static final Duration NO_SLOW_THRESHOLD = Duration.ZERO;

  private static final AnalysisOptions DEFAULTS = builder().build();

  private final long slowThresholdMicros;
  private final long stitchGapMicros;

  private AnalysisOptions(Builder b) {
    this.slowThresholdMicros = b.slowThreshold.toNanos() / 1_000;
    this.stitchGapMicros = b.stitchGap.toNanos() / 1_000;
  }

  /** The defaults: no slow threshold, a 5-minute stitch gap. */
  public static AnalysisOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with the named defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The slow-turn threshold in microseconds; 0 when off. */
  public long slowThresholdMicros() {
    return slowThresholdMicros;
  }

  /** The largest gap between stitched VoiceMode sessions, in microseconds. */
  public long stitchGapMicros() {
    return stitchGapMicros;
  }

  /** Builds {@link AnalysisOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration slowThreshold = NO_SLOW_THRESHOLD;
    private Duration stitchGap = DEFAULT_STITCH_GAP;

    private Builder() {}

    /**
     * Turns whose voice_to_voice (else response_time) exceeds this get a SLOW_TURN anomaly; zero turns it off.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder slowThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("the slow threshold cannot be negative: " + threshold);
      }
      this.slowThreshold = threshold;
      return this;
    }

    /**
     * The largest gap between consecutive VoiceMode sessions of one file (or series of rotated files) that still makes them one
     * conversation; zero never stitches.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder stitchGap(Duration gap) {
      Objects.requireNonNull(gap, "gap");
      if (gap.isNegative()) {
        throw new IllegalArgumentException("the stitch gap cannot be negative: " + gap);
      }
      this.stitchGap = gap;
      return this;
    }

    /** The options; the builder may be reused. */
    public AnalysisOptions build() {
      return new AnalysisOptions(this);
    }
  }
}
