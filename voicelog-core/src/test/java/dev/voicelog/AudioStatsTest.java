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

/** Audio chunks are counted, never written one line each: one AUDIO_STATS per turn, per interval, at the end. */
class AudioStatsTest {
  @TempDir Path tmp;

  @Test
  void chunksAreSummedPerTurnPerIntervalAndAtSessionEnd() {
    ManualClock clock = ManualClock.at("2026-11-21T12:00:00Z");
    VoiceLog log = VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .audioStatsInterval(Duration.ofSeconds(10)).build();
    Session s = log.startSession("audio");
    s.nextTurn();
    for (int i = 0; i < 100; i++) { // 2 s of 20 ms mu-law chunks each way
      s.audioIn(160, 20);
      s.audioOut(160, 20);
      clock.advanceMillis(20);
    }
    s.nextTurn(); // turn 1's stats
    for (int i = 0; i < 600; i++) { // 12 s of caller audio: the interval passes once
      s.audioIn(160, 20);
      clock.advanceMillis(20);
    }
    s.nextTurn(); // turn 2's remainder
    s.nextTurn(); // turn 3 had no audio: no line
    s.audioOut(480, 10);
    s.end();
    log.close();

    List<JsonNode> stats = LogFiles.events(tmp).stream()
        .filter(e -> e.get("event_type").asText().equals("AUDIO_STATS")).toList();
    assertThat(stats).extracting(e -> e.get("turn").asInt() + " " + e.get("data").get("reason").asText())
        .containsExactly("1 turn", "2 interval", "2 turn", "4 session_end");
    JsonNode first = stats.get(0).get("data");
    assertThat(first.get("in_chunks").asLong()).isEqualTo(100);
    assertThat(first.get("in_bytes").asLong()).isEqualTo(16_000);
    assertThat(first.get("in_ms").asDouble()).isEqualTo(2_000.0);
    assertThat(first.get("out_chunks").asLong()).isEqualTo(100);
    long turn2Chunks = stats.get(1).get("data").get("in_chunks").asLong() + stats.get(2).get("data").get("in_chunks").asLong();
    assertThat(turn2Chunks).isEqualTo(600);
    assertThat(stats.get(3).get("data").get("out_bytes").asLong()).isEqualTo(480);
    assertThat(stats.get(3).get("data").get("out_ms").asDouble()).isEqualTo(10.0);
    assertThat(LogFiles.events(tmp)).hasSize(2 + stats.size()); // start, end and the stats: nothing per chunk
  }
}
