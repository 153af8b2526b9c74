package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewsTest {
  @Test
  void aLongFieldIsShortenedWithoutCuttingAnEmojiInTwo() {
    assertThat(Views.shortened("abcdefgh", 5)).isEqualTo("abcde…");
    assertThat(Views.shortened("abcd\uD83D\uDE00xyz", 5)).isEqualTo("abcd…");
    assertThat(Views.shortened("abc\uD83D\uDE00xyz", 5)).isEqualTo("abc\uD83D\uDE00…");
  }
}
