package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.core.JsonParser;
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
 * One relayed Realtime message as the Realtime interceptors see it: parsed once (the first interceptor to
 * ask parses and {@link Message#attach attaches} it) and annotated by each on the way back out of the
 * chain. The JSON tree is the logged copy: interceptors may cut it (audio payloads) and scrub it (secrets);
 * the forwarded text never changes.
 */
final class RealtimeEvent {
  static final ObjectMapper JSON = new ObjectMapper();
  /** {@link #occurredNanos} when no interceptor backdated the event. */
  static final long NOT_SET = Long.MIN_VALUE;

  final Message message;
  /** The parsed event, or null when the message is binary or not a JSON object. */
  final ObjectNode json;
  /** The event's {@code type}, or null. */
  final String type;
  /** Why the message is not a Realtime event (null when it is one). */
  final String problem;

  /** Whether the logging interceptor writes a line for it (audio events beyond the first are counted instead). */
  boolean logged = true;
  /** When the event happened, when that is not when it passed through (the user's speech). */
  long occurredNanos = NOT_SET;
  /** When it was handed to the other side (set by the logging interceptor), or Chain.NOT_SENT. */
  long forwardedNanos;
  /** The proxy's own fields for the line, after the event's (audio_bytes, received_t, ...). */
  final Map<String, Object> extra = new LinkedHashMap<>();

  private RealtimeEvent(Message message, ObjectNode json, String type, String problem) {
    this.message = message;
    this.json = json;
    this.type = type;
    this.problem = problem;
  }

  /** The message's event, parsing it on first use. */
  static RealtimeEvent of(Message m) {
    RealtimeEvent e = m.attachment(RealtimeEvent.class);
    if (e == null) {
      e = parse(m);
      m.attach(e);
    }
    return e;
  }

  private static RealtimeEvent parse(Message m) {
    if (!m.isText()) {
      return new RealtimeEvent(m, null, null, null);
    }
    try (JsonParser p = JSON.createParser(m.text())) {
      JsonNode n = JSON.readTree(p);
      JsonEnd.check(p); // readTree stops after the first value: {"type":"x"} words would pass as an event
      if (n == null || !n.isObject()) {
        return new RealtimeEvent(m, null, null, "malformed event: not a JSON object");
      }
      JsonNode t = n.get("type");
      if (t == null || !t.isTextual() || t.asText().isBlank()) {
        return new RealtimeEvent(m, (ObjectNode) n, null, "malformed event: no \"type\"");
      }
      return new RealtimeEvent(m, (ObjectNode) n, t.asText(), null);
    } catch (IOException e) {
      return new RealtimeEvent(m, null, null, "malformed event: not JSON (" + JsonErrors.describe(e) + ")");
    }
  }

  boolean is(String... types) {
    for (String t : types) {
      if (t.equals(type)) {
        return true;
      }
    }
    return false;
  }

  /** A text field of the event, or null. */
  String text(String field) {
    JsonNode n = json == null ? null : json.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
