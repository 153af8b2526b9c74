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
}
