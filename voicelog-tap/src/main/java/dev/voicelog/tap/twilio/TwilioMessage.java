package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.tap.relay.JsonEnd;
import dev.voicelog.tap.relay.JsonErrors;
import dev.voicelog.tap.relay.Message;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One relayed Media Streams message as the Twilio interceptors see it: read once (the first interceptor
 * to ask reads it and {@link Message#attach attaches} it) and annotated by each on the way back out of the
 * chain. Twilio writes numbers as strings ({@code "timestamp":"5"}); both are read.
 */
final class TwilioMessage {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  /** A media message's {@code timestamp} when it has none. */
  static final long NO_TIMESTAMP = -1;

  /** The message's text, or null when it is binary. */
  private final String text;
  /** Its {@code event}, or null. */
  final String event;
  /** Why it is not a Media Streams message (null when it is one). */
  final String problem;
  /** Its top-level {@code streamSid}, or null. */
  private String streamSid;
  private String track;
  private String payload;
  private long timestamp = NO_TIMESTAMP;
  private ObjectNode json;

  /** Whether the logging interceptor writes a line for it (media beyond the first is counted instead). */
  boolean logged = true;
  /** The tap's own fields for the line, after the message's. */
  final Map<String, Object> extra = new LinkedHashMap<>();

  private TwilioMessage(String text, String event, String problem) {
    this.text = text;
    this.event = event;
    this.problem = problem;
  }

  /** The message's interpretation, parsing it on first use. */
  static TwilioMessage of(Message m) {
    TwilioMessage e = m.attachment(TwilioMessage.class);
    if (e == null) {
      e = parse(m);
      m.attach(e);
    }
    return e;
  }

  /**
   * One streaming pass over the text: {@code event}, {@code streamSid} and a media message's track,
   * timestamp and payload, with the rest skipped (but read, so malformed JSON is found, and anything after the
   * object: {@link JsonEnd}). The tree, for the
   * other messages and for logging, is built only when asked for ({@link #json()}): media is 50 messages a
   * second each way, and logged once.
   */
  private static TwilioMessage parse(Message m) {
    if (!m.isText()) {
      return new TwilioMessage(null, null, "a binary message (" + m.size() + " bytes): Media Streams messages are JSON text");
    }
    String text = m.text();
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new TwilioMessage(null, null, "not a JSON object");
      }
      String event = null;
      String sid = null;
      String track = null;
      String payload = null;
      long timestamp = NO_TIMESTAMP;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("event") && v == JsonToken.VALUE_STRING) {
          event = p.getText();
        } else if (name.equals("streamSid") && v == JsonToken.VALUE_STRING) {
          sid = p.getText();
        } else if (name.equals("media") && v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken fv = p.nextToken();
            if (field.equals("track") && fv == JsonToken.VALUE_STRING) {
              track = p.getText();
            } else if (field.equals("payload") && fv == JsonToken.VALUE_STRING) {
              payload = p.getText();
            } else if (field.equals("timestamp")) {
              timestamp = number(p, fv);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      JsonEnd.check(p);
      if (event == null || event.isBlank()) {
        return new TwilioMessage(text, null, "no \"event\"");
      }
      TwilioMessage t = new TwilioMessage(text, event, null);
      t.streamSid = sid;
      t.track = track;
      t.payload = payload;
      t.timestamp = timestamp;
      return t;
    } catch (IOException e) {
      return new TwilioMessage(null, null, "not JSON (" + JsonErrors.describe(e) + ")");
    }
  }

  private static long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().strip());
      } catch (NumberFormatException e) {
        return NO_TIMESTAMP;
      }
    }
    p.skipChildren();
    return NO_TIMESTAMP;
  }

  boolean is(String name) {
    return name.equals(event);
  }

  /**
   * The message as a tree (parsed on first use): the logged copy, which the interceptors may cut and mask;
   * the forwarded text never changes. Only for messages with an event.
   */
  ObjectNode json() {
    if (json == null) {
      try {
        json = (ObjectNode) JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("parsed once already", e);
      }
    }
    return json;
  }

  /** The message's top-level {@code streamSid}, or null. */
  String streamSid() {
    return streamSid;
  }

  /** {@code mark}, {@code start}...: the event's own object from the tree, or a missing node. */
  JsonNode body(String name) {
    return json().path(name);
  }

  /** The base64 payload of a media message, or null. */
  String payload() {
    return payload;
  }

  /** A media message's track ({@code inbound}, {@code outbound}), or null (the agent's media has none). */
  String track() {
    return track;
  }

  /** A media message's timestamp in ms of the stream, or {@link #NO_TIMESTAMP}. */
  long timestamp() {
    return timestamp;
  }

  /** A mark's name, or null. */
  String markName() {
    return text(body("mark"), "name");
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** A number Twilio may write as a string; {@code otherwise} when it is neither. */
  static long number(JsonNode v, long otherwise) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
    return otherwise;
  }
}
