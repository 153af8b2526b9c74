package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key put twice into one event's data is written once, as a Map keeps it: with the last value, where it
 * was first put. Checked on the line's text, since JSON parsers disagree about duplicate keys (Jackson keeps
 * the last, others the first, some refuse the line).
 */
class EventBuilderTest {
  @TempDir Path tmp;

  private final ManualClock clock = ManualClock.at("2026-11-21T15:30:45.123456Z");

  private int logs;

  /** The {@code data} object, as written, of one event built by {@code build} (in a log of its own). */
  private String dataWritten(UnaryOperator<EventBuilder> build) {
    Path dir = tmp.resolve("log" + logs++);
    VoiceLog log = VoiceLog.builder().directory(dir).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .build();
    Session s = log.startSession("s");
    build.apply(s.event("TICK")).log();
    log.close();
    String line = LogFiles.lines(dir).get(1);
    return line.substring(line.indexOf("\"data\":") + "\"data\":".length(), line.length() - 1);
  }

  @Test
  void aKeyPutAgainByPutAllKeepsOnlyTheLastValueWhereItWasFirstPut() {
    assertThat(dataWritten(e -> e.put("x", 1).put("y", "a").putAll(Map.of("x", 2))))
        .isEqualTo("{\"x\":2,\"y\":\"a\"}");
  }

  @Test
  void aKeyPutAgainReplacesAValueOfAnyLengthAndKindAndTheFieldsAfterItStay() {
    assertThat(dataWritten(e -> e.put("a", "a rather long string value").put("b", true).put("a", 7)
        .put("c", 1.5).put("a", List.of(1, "two")).put("c", "é 中").put("b", (Object) null)))
        .isEqualTo("{\"a\":[1,\"two\"],\"b\":null,\"c\":\"é 中\"}");
  }

  @Test
  void theLastFieldPutAgainIsReplacedToo() {
    assertThat(dataWritten(e -> e.put("only", "first").put("only", "second").put("only", 3)))
        .isEqualTo("{\"only\":3}");
  }

  @Test
  void aNullKeyIsTheKeyNull() {
    assertThat(dataWritten(e -> e.put(null, 1).put("null", 2))).isEqualTo("{\"null\":2}");
  }

  @Test
  void manyKeysWithSomePutAgainAreEachWrittenOnce() {
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      expected.put("k" + i, i);
    }
    for (int i = 0; i < 200; i += 7) {
      expected.put("k" + i, "again " + i);
    }
    String data = dataWritten(e -> {
      for (int i = 0; i < 200; i++) {
        e.put("k" + i, i);
      }
      for (int i = 0; i < 200; i += 7) {
        e.put(new String("k" + i), "again " + i); // equal, not the same String
      }
      return e;
    });
    StringBuilder json = new StringBuilder("{");
    expected.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
        .append(v instanceof String ? "\"" + v + "\"" : v));
    assertThat(data).isEqualTo(json.append('}').toString());
  }

  @Test
  void aValueThatCouldNotBeWrittenIsReplacedLikeAnyOtherAndReplacesLikeAnyOther() {
    Object broken = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("broken");
      }
    };
    assertThat(dataWritten(e -> e.put("v", broken).put("w", 1).put("v", "fine"))).isEqualTo("{\"v\":\"fine\",\"w\":1}");
    assertThat(dataWritten(e -> e.put("v", "fine").put("w", 1).put("v", broken)))
        .isEqualTo("{\"v\":\"[value not logged: IllegalStateException]\",\"w\":1}");
  }

  @Test
  void aRedactedFieldPutAgainIsWrittenOnceAndRedacted() {
    VoiceLog log = VoiceLog.builder().directory(tmp).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .redaction(Redaction.TEXT).build();
    Session s = log.startSession("s");
    s.event("TICK").put("text", "first words").put("n", 1).put("text", "second").log();
    log.close();
    String line = LogFiles.lines(tmp).get(1);
    assertThat(line).containsOnlyOnce("\"text\":").contains("\"text\":\"[redacted len=6 hash=")
        .doesNotContain("words").doesNotContain("second");
  }
}
