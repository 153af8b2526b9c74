package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogEventTest {
  @Test
  void timestampsAreFormattedInUtcWithMicroseconds() {
    assertThat(LogEvent.formatTimestamp(1_795_000_000_123_456L)).isEqualTo("2026-11-18T11:06:40.123456Z");
    assertThat(LogEvent.formatTimestamp(-1L)).isEqualTo("1969-12-31T23:59:59.999999Z");
  }
}
