package dev.voicelog.tap.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * Says what is wrong with a message that is not JSON without repeating any of it. Jackson's messages quote
 * the offending text ({@code Unrecognized token 'xyz'}), and a relayed message's text is a caller's words or
 * a key sent by mistake, which no log line may hold. For interceptors that parse what they relay (the
 * Realtime and Twilio taps). Stateless and thread-safe.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /**
   * What Jackson found wrong and at which character, its quotes cut off: {@code Unrecognized token at character 0};
   * {@code unreadable} for a failure that is not Jackson's verdict on the text.
   */
  public static String describe(IOException failure) {
    if (!(failure instanceof JsonProcessingException e)) {
      return "unreadable";
    }
    String m = e.getOriginalMessage();
    if (m == null) {
      return "unreadable";
    }
    int cut = m.length();
    for (char c : new char[] {'\'', '(', '['}) {
      int i = m.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String what = m.substring(0, cut).strip();
    if (what.endsWith(":")) {
      what = what.substring(0, what.length() - 1);
    }
    long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    return what + (at >= 0 ? " at character " + at : "");
  }
}
