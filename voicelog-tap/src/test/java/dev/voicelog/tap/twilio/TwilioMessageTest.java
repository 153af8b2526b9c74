package dev.voicelog.tap.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Message;
import org.junit.jupiter.api.Test;

class TwilioMessageTest {
  /** The problem goes into the call's diagnostics (log and console): what was wrong, not the caller's words. */
  @Test
  void whatIsWrongWithAMessageNeverQuotesIt() {
    for (String text : new String[] {"callerSaidHerCardNumber", "{\"event\": callerSaidHerCardNumber}"}) {
      TwilioMessage m = TwilioMessage.of(Message.text(Direction.CLIENT_TO_UPSTREAM, text, 0));
      assertThat(m.event).isNull();
      assertThat(m.problem).startsWith("not JSON (Unrecognized token at character ").doesNotContain("callerSaid");
    }
  }

  /** A message is one JSON object: text or a second object after it makes it malformed, said the Realtime tap's way. */
  @Test
  void textAfterTheObjectIsMalformed() {
    TwilioMessage words = TwilioMessage.of(Message.text(Direction.CLIENT_TO_UPSTREAM, "{\"event\":\"mark\"} callerSaid", 0));
    assertThat(words.event).isNull();
    assertThat(words.problem).isEqualTo("not JSON (Unrecognized token at character 17)");
    TwilioMessage two = TwilioMessage.of(Message.text(Direction.CLIENT_TO_UPSTREAM, "{\"event\":\"mark\"}{\"event\":\"callerSaid\"}", 0));
    assertThat(two.event).isNull();
    assertThat(two.problem).isEqualTo("not JSON (more after the JSON value at character 16)");
    assertThat(TwilioMessage.of(Message.text(Direction.CLIENT_TO_UPSTREAM, "{\"event\":\"mark\"} \n", 0)).event).isEqualTo("mark");
  }
}
