package dev.voicelog.tap.relay;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The rule that a relayed JSON message is one JSON value and nothing after it: {@code {"type":"x"} words}
 * or {@code {"a":1}{"b":2}} is malformed, though a parser reading one value stops content before the rest
 * (Jackson's {@code readTree} does). For interceptors that parse what they relay (the Realtime and Twilio
 * taps), so both judge a message alike.
 *
 * <p>The check is one more {@link JsonParser#nextToken()} on the parser that read the value: it skips the
 * whitespace after it and finds the end of the text, allocating nothing. Stateless and thread-safe.
 */
public final class JsonEnd {
  private JsonEnd() {}

  /**
   * Checks that nothing but whitespace follows the value {@code p} has just read.
   *
   * @throws JsonParseException when something does: Jackson's own when the rest is not JSON, else one saying
   *     {@code more after the JSON value} where the rest begins; neither repeats the text (see
   *     {@link JsonErrors#describe})
   * @throws IOException when the parser's input fails (never for a {@code String})
   */
  public static void check(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new JsonParseException(p, "more after the JSON value", p.currentTokenLocation());
    }
  }
}
