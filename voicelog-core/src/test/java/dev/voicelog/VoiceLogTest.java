package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceLogTest {
  @TempDir Path tmp;

  private final ManualClock clock = ManualClock.at("2026-11-21T15:30:45.123456Z");

  private VoiceLog log(Path dir) {
    return VoiceLog.builder().directory(dir).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
  }

  @Test
  void writesTheNativeLineExactly() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("conv_1234567890");
    clock.advance(Duration.ofNanos(12_345_678_901L));
    s.setTurn(3);
    s.event(EventType.TTS_START).put("voice", "alloy").put("model", "tts-1").log();
    s.end();
    assertThat(log.close()).isTrue();

    List<String> lines = LogFiles.lines(tmp);
    assertThat(lines).containsExactly(
        "{\"timestamp\":\"2026-11-21T15:30:45.123456Z\",\"event_type\":\"SESSION_START\",\"session_id\":\"conv_1234567890\",\"seq\":1,\"t\":0.000000,\"data\":{}}",
        "{\"timestamp\":\"2026-11-21T15:30:57.469134Z\",\"event_type\":\"TTS_START\",\"session_id\":\"conv_1234567890\",\"seq\":2,\"t\":12.345678,\"turn\":3,\"data\":{\"voice\":\"alloy\",\"model\":\"tts-1\"}}",
        "{\"timestamp\":\"2026-11-21T15:30:57.469134Z\",\"event_type\":\"SESSION_END\",\"session_id\":\"conv_1234567890\",\"seq\":3,\"t\":12.345678,\"turn\":3,\"data\":{}}");
    assertThat(LogFiles.files(tmp)).extracting(p -> p.getFileName().toString())
        .containsExactly("voicelog_events_2026-11-21.jsonl");
  }

  @Test
  void dataKeepsEveryKindOfValue() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, 2.5, "three", true));
    nested.put("none", null);
    s.event("CONCH_ACQUIRED")
        .put("str", "quote \" backslash \\ newline \n tab \t control \u0001 é 中 😀")
        .put("int", -42)
        .put("long", Long.MAX_VALUE)
        .put("double", 0.1)
        .put("nan", Double.NaN)
        .put("bool", false)
        .put("nested", nested)
        .put("array", new int[] {1, 2})
        .log();
    log.close();

    JsonNode e = LogFiles.events(tmp).get(1);
    assertThat(e.get("event_type").asText()).isEqualTo("CONCH_ACQUIRED");
    JsonNode d = e.get("data");
    assertThat(d.get("str").asText()).isEqualTo("quote \" backslash \\ newline \n tab \t control \u0001 é 中 😀");
    assertThat(d.get("int").asLong()).isEqualTo(-42);
    assertThat(d.get("long").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(d.get("double").asDouble()).isEqualTo(0.1);
    assertThat(d.get("nan").isNull()).isTrue();
    assertThat(d.get("bool").asBoolean()).isFalse();
    assertThat(d.get("nested").get("list").toString()).isEqualTo("[1,2.5,\"three\",true]");
    assertThat(d.get("nested").get("none").isNull()).isTrue();
    assertThat(d.get("array").toString()).isEqualTo("[1,2]");
  }

  @Test
  void backdatedEventsCarryTheTimeTheyOccurred() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    long firstFramePlayed = s.nanoTime() + 1_500_000_000L; // 1.5 s after start
    clock.advanceMillis(3_000);
    // The VAD says, at t=3.0, that the user has been speaking for 800 ms.
    s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(800)).log();
    s.event(EventType.TTS_PLAYBACK_START).at(firstFramePlayed).log();
    log.close();

    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.get(1).get("t").asText()).isEqualTo("2.2");
    assertThat(events.get(1).get("timestamp").asText()).isEqualTo("2026-11-21T15:30:47.323456Z");
    assertThat(events.get(2).get("t").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(events.get(2).get("seq").asLong()).isEqualTo(3);
  }

  @Test
  void manySessionsAtOnceEachKeepTheirOwnIdAndSeq() {
    VoiceLog log = log(tmp);
    Session a = log.startSession("a");
    Session b = log.startSession("b");
    a.log(EventType.TTS_START);
    b.log(EventType.STT_START);
    a.log(EventType.TTS_FIRST_AUDIO);
    log.close();
    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events).extracting(e -> e.get("session_id").asText() + ":" + e.get("seq").asLong()
            + ":" + e.get("event_type").asText())
        .containsExactly("a:1:SESSION_START", "b:1:SESSION_START", "a:2:TTS_START", "b:2:STT_START",
            "a:3:TTS_FIRST_AUDIO", "a:4:SESSION_END", "b:3:SESSION_END");
    assertThat(events.get(5).get("data").get("reason").asText()).isEqualTo("log_closed");
  }

  @Test
  void generatedSessionIdsAreDistinctAndTimeOrdered() {
    VoiceLog log = log(tmp);
    String first = log.startSession().id();
    clock.advanceMillis(1);
    String second = log.startSession().id();
    log.close();
    assertThat(first).startsWith("conv_").hasSize(25).isNotEqualTo(second);
    assertThat(first.substring(0, 15)).isLessThan(second.substring(0, 15));
  }

  @Test
  void redactionWritesLengthAndHashNeverTheWords() {
    VoiceLog log = VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .redaction(Redaction.TEXT).redactField("utterance").redactionKey(new byte[] {1, 2, 3}).build();
    Session s = log.startSession("s");
    s.event(EventType.STT_COMPLETE).put("transcript", "my card number is 4242").put("confidence", 0.9).log();
    s.event(EventType.TTS_START).put("message", "my card number is 4242").put("voice", "alloy").log();
    s.event("CUSTOM").put("utterance", "secret words").put("nested", Map.of("text", "secret words")).log();
    log.close();

    List<String> lines = LogFiles.lines(tmp);
    assertThat(String.join("\n", lines)).doesNotContain("4242").doesNotContain("secret");
    JsonNode stt = LogFiles.parse(lines.get(1)).get("data");
    JsonNode tts = LogFiles.parse(lines.get(2)).get("data");
    assertThat(stt.get("transcript").asText()).matches("\\[redacted len=22 hash=[0-9a-f]{8}]");
    assertThat(Redaction.isRedactedValue(stt.get("transcript").asText())).isTrue();
    assertThat(tts.get("message").asText()).isEqualTo(stt.get("transcript").asText());
    assertThat(tts.get("voice").asText()).isEqualTo("alloy");
    assertThat(stt.get("confidence").asDouble()).isEqualTo(0.9);
  }

  @Test
  void filesAreOwnerOnly() throws Exception {
    Path dir = tmp.resolve("new/events");
    VoiceLog log = log(dir);
    log.startSession("s").end();
    log.close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LogFiles.files(dir).get(0))))
        .isEqualTo("rw-------");
  }

  @Test
  void disabledLogWritesNothingAndAcceptsEverything() {
    VoiceLog log = VoiceLog.builder().enabled(false).directory(tmp.resolve("never")).build();
    assertThat(log.isEnabled()).isFalse();
    Session s = log.startSession("s");
    s.event(EventType.TTS_START).put("voice", "alloy").at(5).log();
    s.audioIn(320, 20);
    s.nextTurn();
    s.end();
    assertThat(log.close()).isTrue();
    assertThat(tmp.resolve("never")).doesNotExist();
  }

  @Test
  void eventsAfterCloseAreCountedNotThrown() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    assertThat(log.close()).isTrue();
    s.log(EventType.TTS_START);
    assertThat(log.droppedEvents()).isEqualTo(1);
    assertThat(log.close()).isTrue();
  }

  @Test
  void nestedBuildersOnOneThreadDoNotCorruptEachOther() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    EventBuilder outer = s.event(EventType.LLM_REQUEST).put("model", "gpt");
    s.event(EventType.TOOL_REQUEST_START).put("tool", "lookup").log();
    outer.put("tokens", 12).log();
    log.close();
    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.get(1).get("data").toString()).isEqualTo("{\"tool\":\"lookup\"}");
    assertThat(events.get(2).get("data").toString()).isEqualTo("{\"model\":\"gpt\",\"tokens\":12}");
  }

  @Test
  void aMapThatFailsWhileReadIsNotedNotThrown() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    java.util.Map<String, Object> changing = new java.util.LinkedHashMap<>(java.util.Map.of("a", 1));
    java.util.Map<String, Object> failing = new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Entry<String, Object>> entrySet() {
        java.util.Iterator<Entry<String, Object>> it = changing.entrySet().iterator();
        changing.put("b", 2); // as another thread would, while the caller's putAll reads it
        return new java.util.AbstractSet<>() {
          @Override
          public java.util.Iterator<Entry<String, Object>> iterator() {
            return it;
          }

          @Override
          public int size() {
            return 1;
          }
        };
      }
    };
    s.event(EventType.ERROR).put("ok", 1).putAll(failing).put("after", 2).log();
    s.event(EventType.ERROR).put("next", true).log(); // the thread's builder is fine after it
    log.close();
    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.get(1).get("data").toString())
        .isEqualTo("{\"ok\":1,\"voicelog_note\":\"[fields not all logged: ConcurrentModificationException]\",\"after\":2}");
    assertThat(events.get(2).get("data").toString()).isEqualTo("{\"next\":true}");
  }

  @Test
  void aValueWhoseToStringThrowsIsNotedNotThrown() {
    VoiceLog log = log(tmp);
    Session s = log.startSession("s");
    Object bad = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("boom");
      }
    };
    s.event(EventType.ERROR).put("ok", 1).put("bad", bad).put("after", 2).log();
    log.close();
    assertThat(LogFiles.events(tmp).get(1).get("data").toString())
        .isEqualTo("{\"ok\":1,\"bad\":\"[value not logged: IllegalStateException]\",\"after\":2}");
  }
}
