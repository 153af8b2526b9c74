package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {
  @Test
  void fromNameKnowsEveryTypeByItsExactNameAndNothingElse() {
    for (EventType t : EventType.values()) {
      assertThat(EventType.fromName(t.name())).isSameAs(t);
    }
    assertThat(EventType.fromName("input_audio_buffer.speech_started")).isNull();
    assertThat(EventType.fromName("session_start")).as("names are exact").isNull();
    assertThat(EventType.fromName("")).isNull();
    assertThat(EventType.fromName(null)).isNull();
  }
}
