package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void quoteShortensToMaxCharsAndNeverCutsAnEmojiInTwo() {
    assertThat(Text.quote("abcdefghij", 6)).isEqualTo("\"abcde…\"");
    assertThat(Text.quote("abcd\uD83D\uDE00xyz", 6)).as("the emoji would straddle the cut: it goes whole")
        .isEqualTo("\"abcd…\"");
    assertThat(Text.quote("abc\uD83D\uDE00xyz", 6)).as("the emoji fits").isEqualTo("\"abc\uD83D\uDE00…\"");
    assertThat(Text.quote("line\none", 20)).isEqualTo("\"line one\"");
  }
}
