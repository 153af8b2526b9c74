package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {
  private static String through(String... prints) {
    StringWriter sink = new StringWriter();
    try (PrintWriter w = new PrintWriter(new TerminalSafeWriter(sink))) {
      for (String p : prints) {
        w.print(p);
      }
    }
    return sink.toString();
  }

  @Test
  void aTranscriptCannotRetitleTheWindowOrClearTheScreen() {
    assertThat(through("said: \u001b]0;pwned\u0007\u001b[2J ok\n")).isEqualTo("said: \\u001b]0;pwned\\u0007\\u001b[2J ok\n");
  }

  @Test
  void voicelogsOwnColoursNewlinesAndTabsPass() {
    String coloured = Style.forTerminal(java.util.Map.of(), true).red("x") + "\tand\n";
    assertThat(through(coloured)).isEqualTo(coloured);
  }

  @Test
  void carriageReturnsDelC1AndBidiOverridesAreMadeVisible() {
    assertThat(through("a\rb\u007fc\u009bd\u202ee\u2066f")).isEqualTo("a\\u000db\\u007fc\\u009bd\\u202ee\\u2066f");
    assertThat(through("café ✓ 日本")).isEqualTo("café ✓ 日本");
  }
}
