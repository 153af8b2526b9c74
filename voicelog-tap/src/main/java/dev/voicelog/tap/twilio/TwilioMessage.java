package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.tap.relay.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One relayed Media Streams message as the Twilio interceptors see it: parsed once (the first interceptor
 * to ask parses and {@link Message#attach attaches} it) and annotated by each on the way back out of the
 * chain. The JSON tree is the logged copy: the payload is cut from it and secrets masked in it; the
 * forwarded text never changes. Twilio writes numbers as strings ({@code "timestamp":"5"}); both are read.
 */
final class TwilioMessage {
  static final ObjectMapper JSON = new ObjectMapper();
  /** A media message's {@code timestamp} when it has none. */
  static final long NO_TIMESTAMP = -1;

  /** The parsed message, or null when it is not a JSON object. */
  final ObjectNode json;
  /** Its {@code event}, or null. */
  final String event;
  /** Why it is not a Media Streams message (null when it is one). */
  final String problem;

  /** Whether the logging interceptor writes a line for it (media beyond the first is counted instead). */
  boolean logged = true;
  /** The tap's own fields for the line, after the message's. */
  final Map<String, Object> extra = new LinkedHashMap<>();

  private TwilioMessage(ObjectNode json, String event, String problem) {
    this.json = json;
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

  private static TwilioMessage parse(Message m) {
    if (!m.isText()) {
      return new TwilioMessage(null, null, "a binary message (" + m.size() + " bytes): Media Streams messages are JSON text");
    }
    try {
      JsonNode n = JSON.readTree(m.text());
      if (n == null || !n.isObject()) {
        return new TwilioMessage(null, null, "not a JSON object");
      }
      JsonNode ev = n.get("event");
      if (ev == null || !ev.isTextual() || ev.asText().isBlank()) {
        return new TwilioMessage((ObjectNode) n, null, "no \"event\"");
      }
      return new TwilioMessage((ObjectNode) n, ev.asText(), null);
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      return new TwilioMessage(null, null, "not JSON (" + (why == null ? "unreadable" : why) + ")");
    }
  }

  boolean is(String name) {
    return name.equals(event);
  }

  /** The message's top-level {@code streamSid}, or null. */
  String streamSid() {
    return text(json, "streamSid");
  }

  /** {@code media}, {@code mark}, {@code start}...: the event's own object, or a missing node. */
  JsonNode body(String name) {
    return json == null ? JSON.missingNode() : json.path(name);
  }

  /** The base64 payload of a media message, or null. */
  String payload() {
    return text(body("media"), "payload");
  }

  /** A media message's track ({@code inbound}, {@code outbound}), or null (the agent's media has none). */
  String track() {
    return text(body("media"), "track");
  }

  /** A media message's timestamp in ms of the stream, or {@link #NO_TIMESTAMP}. */
  long timestamp() {
    return number(body("media").path("timestamp"), NO_TIMESTAMP);
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
