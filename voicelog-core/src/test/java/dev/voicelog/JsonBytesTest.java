package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  private final Redactor redactor = new Redactor(Redaction.TEXT, Redaction.TEXT_FIELDS, new byte[] {1, 2, 3});

  private String write(Object value, String key) {
    JsonBytes out = new JsonBytes(16);
    out.writeValue(value, redactor, key);
    return new String(out.buf, 0, out.len, StandardCharsets.UTF_8);
  }

  @Test
  void everyStringInsideARedactedFieldIsRedacted() {
    // a chat message, a list of transcript segments: the words are under the redacted field, one level down
    String message = write(Map.of("role", "user", "content", "my card number is 4242"), "message");
    String segments = write(List.of(Map.of("speaker", 1, "words", "my card number is 4242")), "transcript");
    String chars = write("my pin is 4242".toCharArray(), "text");

    assertThat(message).doesNotContain("4242").contains("\"role\":\"[redacted len=4 hash=");
    assertThat(segments).doesNotContain("4242").contains("\"speaker\":1");
    assertThat(chars).doesNotContain("\"4\"").contains("[redacted len=14 hash=");
  }

  @Test
  void fieldsBesideARedactedOneAreKept() {
    assertThat(write(Map.of("voice", "alloy"), "data")).isEqualTo("{\"voice\":\"alloy\"}");
    assertThat(write(Map.of("text", "secret"), "data")).doesNotContain("secret");
  }
}
