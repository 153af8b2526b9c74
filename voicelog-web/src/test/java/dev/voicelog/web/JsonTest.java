package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.analysis.json.AnalysisJson;
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
  void durationsAreExactSecondsFromMicrosecondsWithTheSafeEscapesToo() {
    assertThat(Json.write(g -> AnalysisJson.seconds(g, 812_000L))).isEqualTo("0.812000");
    assertThat(Json.write(g -> AnalysisJson.seconds(g, 1_234_567.6))).isEqualTo("1.234568");
  }
}
