package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.testing.LogFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentConfigTest {
  @TempDir Path tmp;

  @Test
  void everyVariableMapsOntoTheBuilder() {
    VoiceLogBuilder b = VoiceLog.builder().fromEnvironment(Map.of(
        "VOICELOG_DIR", tmp.toString(),
        "VOICELOG_ENABLED", "yes",
        "VOICELOG_ROTATION", "Hourly",
        "VOICELOG_QUEUE_CAPACITY", "100",
        "VOICELOG_OVERFLOW", "block",
        "VOICELOG_REDACT", "text",
        "VOICELOG_REDACT_KEY", "k"));
    assertThat(b.directory).isEqualTo(tmp);
    assertThat(b.enabled).isTrue();
    assertThat(b.rotation).isEqualTo(Rotation.HOURLY);
    assertThat(b.queueCapacity).isEqualTo(100);
    assertThat(b.overflow).isEqualTo(OverflowPolicy.BLOCK);
    assertThat(b.redaction).isEqualTo(Redaction.TEXT);
    assertThat(b.redactionKey).containsExactly('k');
  }

  @Test
  void unsetOrEmptyVariablesKeepTheDefaults() {
    VoiceLogBuilder b = VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_ROTATION", " "));
    assertThat(b.directory).isEqualTo(VoiceLogBuilder.DEFAULT_DIRECTORY);
    assertThat(b.rotation).isEqualTo(Rotation.DAILY);
    assertThat(b.queueCapacity).isEqualTo(VoiceLogBuilder.DEFAULT_QUEUE_CAPACITY);
    assertThat(b.overflow).isEqualTo(OverflowPolicy.DROP);
  }

  @Test
  void disabledFromTheEnvironmentWritesNothing() {
    VoiceLog log = VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_ENABLED", "false", "VOICELOG_DIR", tmp.toString()))
        .build();
    log.startSession("s").end();
    assertThat(log.isEnabled()).isFalse();
    assertThat(LogFiles.files(tmp)).isEmpty();
  }

  @Test
  void invalidValuesAreClearErrorsNamingTheVariable() {
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_ROTATION", "weekly")))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessage("VOICELOG_ROTATION=weekly is not valid: expected daily, hourly or none");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_QUEUE_CAPACITY", "lots")))
        .hasMessage("VOICELOG_QUEUE_CAPACITY=lots is not valid: expected a whole number of events from 2 to 16777216");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_QUEUE_CAPACITY", "1")))
        .hasMessageStartingWith("VOICELOG_QUEUE_CAPACITY=1 is not valid");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_ENABLED", "maybe")))
        .hasMessage("VOICELOG_ENABLED=maybe is not valid: expected true or false");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_OVERFLOW", "wait")))
        .hasMessage("VOICELOG_OVERFLOW=wait is not valid: expected drop or block");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_REDACT", "all")))
        .hasMessage("VOICELOG_REDACT=all is not valid: expected none or text");
    assertThatThrownBy(() -> VoiceLog.builder().fromEnvironment(Map.of("VOICELOG_DIR", "bad\0path")))
        .hasMessageStartingWith("VOICELOG_DIR=bad");
  }

  @Test
  void invalidBuilderSettingsNameTheSetting() {
    assertThatThrownBy(() -> VoiceLog.builder().queueCapacity(0).build())
        .isInstanceOf(VoiceLogConfigException.class).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> VoiceLog.builder().audioStatsInterval(java.time.Duration.ZERO).build())
        .hasMessageContaining("audioStatsInterval");
  }

  @Test
  void queueCapacityIsRoundedUpToAPowerOfTwo() {
    VoiceLog log = VoiceLog.builder().directory(tmp).queueCapacity(100).shutdownHook(false).build();
    assertThat(log.writer.capacity()).isEqualTo(128);
    log.close();
  }
}
