package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {
  @TempDir Path dir;

  @Test
  void thePlaceholderTheLoggerWritesIsReadBackWithItsLengthAndHash() throws IOException {
    ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
    VoiceLog log = VoiceLog.builder().directory(dir).rotation(Rotation.NONE).redaction(Redaction.TEXT)
        .monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    try {
      log.startSession("s").event(EventType.STT_COMPLETE).put("transcript", "my card number is 4111").log();
    } finally {
      log.close();
    }
    String written = LogFiles.events(dir).get(1).path("data").path("transcript").asText();
    assertThat(Redaction.isRedactedValue(written)).isTrue();
    assertThat(Redaction.redactedLength(written)).isEqualTo("my card number is 4111".length());
    assertThat(Redaction.redactedHash(written)).matches("[0-9a-f]{8}");
  }

  @Test
  void textThatIsNotAPlaceholderHasNoLengthOrHash() {
    for (String s : new String[] {"hello", "[redacted len=3 hash=XYZ]", "[redacted len=3 hash=9f86d081] and more",
        "[redacted len=99999999999 hash=9f86d081]", null}) {
      assertThat(Redaction.isRedactedValue(s)).as(s).isFalse();
      assertThat(Redaction.redactedLength(s)).as(s).isEqualTo(-1);
      assertThat(Redaction.redactedHash(s)).as(s).isNull();
    }
  }

  @Test
  void theFieldsRedactedByDefaultAreTheSpokenTextFields() {
    assertThat(Redaction.TEXT_FIELDS).containsExactlyInAnyOrder("message", "text", "transcript");
    assertThat(new VoiceLogBuilder().redactedFields).containsExactlyInAnyOrderElementsOf(Redaction.TEXT_FIELDS);
  }
}
