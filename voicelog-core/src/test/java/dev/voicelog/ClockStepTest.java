package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durations come from t (the monotonic clock): a wall clock that steps mid-turn changes none of them. */
class ClockStepTest {
  @TempDir Path tmp;

  @Test
  void wallClockStepsChangeNoDurationAndNoTimestampWithinASession() {
    ManualClock clock = ManualClock.at("2026-11-21T12:00:00Z");
    VoiceLog log = VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    Session s = log.startSession("steps");
    clock.advanceMillis(1_000);
    s.log(EventType.USER_SPEECH_END);
    clock.stepWall(Duration.ofHours(-1)); // NTP steps the clock back an hour mid-turn
    clock.advanceMillis(700);
    s.log(EventType.TTS_START);
    clock.stepWall(Duration.ofMinutes(10)); // and forward
    clock.advanceMillis(300);
    s.log(EventType.TTS_PLAYBACK_START);
    Session later = log.startSession("after-steps");
    log.close();

    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.get(1).get("t").decimalValue()).isEqualByComparingTo("1.0");
    assertThat(events.get(2).get("t").decimalValue()).isEqualByComparingTo("1.7");
    assertThat(events.get(3).get("t").decimalValue()).isEqualByComparingTo("2.0");
    // Within a session, timestamp = the session's wall anchor + t, so even tools that subtract timestamps agree.
    assertThat(events.get(3).get("timestamp").asText()).isEqualTo("2026-11-21T12:00:02.000000Z");
    // A session started after the steps is anchored to the stepped clock.
    assertThat(events.get(4).get("session_id").asText()).isEqualTo(later.id());
    assertThat(events.get(4).get("timestamp").asText()).isEqualTo("2026-11-21T11:10:02.000000Z");
  }
}
