package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void stringsCannotEndTheScriptBlockTheyAreEmbeddedIn() throws Exception {
    String nasty = "</script><script>alert(1)</script><!-- & \u2028\u2029 é";
    String json = Json.write(g -> g.writeString(nasty));
    assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028")
        .doesNotContain("\u2029");
    assertThat(new ObjectMapper().readValue(json, String.class)).as("still the same string for JSON.parse").isEqualTo(nasty);
  }

  @Test
  void durationsAreExactSecondsFromMicroseconds() {
    assertThat(Json.write(g -> Json.seconds(g, 812_000L))).isEqualTo("0.812000");
    assertThat(Json.write(g -> Json.seconds(g, 1_234_567.6))).isEqualTo("1.234568");
  }

  @Test
  void timestampsAreUtcWithMicroseconds() {
    assertThat(Json.timestamp(1_795_000_000_123_456L)).isEqualTo("2026-11-18T11:06:40.123456Z");
    assertThat(Json.timestamp(-1L)).isEqualTo("1969-12-31T23:59:59.999999Z");
  }
}
