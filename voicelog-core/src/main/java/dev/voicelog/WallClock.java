package dev.voicelog;

import java.time.Instant;

/**
 * The clock of the {@code timestamp} field: UTC, for people and for correlating processes, never for
 * durations. Read once per session (its anchor); tests replace it. Implementations must be thread-safe and
 * must not block.
 */
@FunctionalInterface
public interface WallClock {
  /** The system's UTC clock, to the microsecond where the platform offers it. */
  WallClock SYSTEM = () -> {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  };

  /** Microseconds since 1970-01-01T00:00:00Z. */
  long epochMicros();
}
