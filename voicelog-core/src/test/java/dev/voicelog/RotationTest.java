package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {
  @TempDir Path tmp;

  private VoiceLog log(ManualClock clock, Rotation rotation) {
    return VoiceLog.builder().directory(tmp).rotation(rotation).monotonicClock(clock).wallClock(clock)
        .shutdownHook(false).build();
  }

  private List<String> typesIn(String file) throws Exception {
    return Files.readAllLines(tmp.resolve(file)).stream().map(l -> LogFiles.parse(l).get("event_type").asText()).toList();
  }

  @Test
  void eachEventLandsInItsOwnUtcDaysFile() throws Exception {
    ManualClock clock = ManualClock.at("2026-11-21T23:59:59.990Z");
    VoiceLog log = log(clock, Rotation.DAILY);
    Session s = log.startSession("midnight");
    clock.advance(Duration.ofNanos(9_000_000)); // 23:59:59.999
    s.log(EventType.TTS_START);
    long beforeMidnight = s.nanoTime();
    clock.advance(Duration.ofNanos(2_000_000)); // 00:00:00.001
    s.log(EventType.TTS_FIRST_AUDIO);
    s.event(EventType.TTS_PLAYBACK_START).at(beforeMidnight).log(); // backdated across midnight
    s.end();
    log.close();

    assertThat(typesIn("voicelog_events_2026-11-21.jsonl"))
        .containsExactly("SESSION_START", "TTS_START", "TTS_PLAYBACK_START");
    assertThat(typesIn("voicelog_events_2026-11-22.jsonl")).containsExactly("TTS_FIRST_AUDIO", "SESSION_END");
    JsonNode last = LogFiles.parse(Files.readAllLines(tmp.resolve("voicelog_events_2026-11-22.jsonl")).get(0));
    assertThat(last.get("timestamp").asText()).isEqualTo("2026-11-22T00:00:00.001000Z");
    assertThat(last.get("t").asText()).isEqualTo("0.011");
  }

  @Test
  void hourlyFilesAreNamedByUtcHour() throws Exception {
    ManualClock clock = ManualClock.at("2026-12-31T23:59:59.500Z");
    VoiceLog log = log(clock, Rotation.HOURLY);
    Session s = log.startSession("hourly");
    clock.advanceMillis(1_000);
    s.end();
    log.close();
    assertThat(typesIn("voicelog_events_2026-12-31T23.jsonl")).containsExactly("SESSION_START");
    assertThat(typesIn("voicelog_events_2027-01-01T00.jsonl")).containsExactly("SESSION_END");
  }

  @Test
  void noRotationKeepsOneFile() throws Exception {
    ManualClock clock = ManualClock.at("2026-11-21T23:00:00Z");
    VoiceLog log = log(clock, Rotation.NONE);
    Session s = log.startSession("forever");
    clock.advance(Duration.ofDays(3));
    s.end();
    log.close();
    assertThat(typesIn("voicelog_events.jsonl")).containsExactly("SESSION_START", "SESSION_END");
  }

  @Test
  void datesAreRightAcrossLeapYearsAndCenturies() {
    for (String iso : List.of("2024-02-29T12:00:00Z", "2000-03-01T00:00:00Z", "1970-01-01T00:00:00Z",
        "2100-12-31T23:59:59Z", "2026-11-21T15:30:45Z")) {
      long micros = java.time.Instant.parse(iso).getEpochSecond() * 1_000_000L;
      assertThat(UtcTime.fileName(Rotation.DAILY, UtcTime.period(micros, Rotation.DAILY)))
          .isEqualTo("voicelog_events_" + iso.substring(0, 10) + ".jsonl");
      JsonBytes out = new JsonBytes(40);
      new UtcTime().writeTimestamp(out, micros + 123_456);
      assertThat(new String(out.buf, 0, out.len)).isEqualTo("\"" + iso.substring(0, 19) + ".123456Z\"");
    }
  }
}
