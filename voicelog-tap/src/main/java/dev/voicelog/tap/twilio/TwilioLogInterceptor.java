package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.EventBuilder;
import dev.voicelog.tap.call.Diagnostic;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.Secrets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes each relayed Media Streams message as a line {@code twilio.<event>} ({@code twilio.connected},
 * {@code twilio.start}, {@code twilio.media}, {@code twilio.dtmf}, {@code twilio.mark}, {@code twilio.clear},
 * {@code twilio.stop}) with its direction, the message's own fields as the inner interceptors left them and
 * their additions. Media is a line only for the first message of each direction (unless every one is asked
 * for): its audio is counted in the session's {@code AUDIO_STATS}. A message that is not a Media Streams
 * message is a {@link Diagnostic#MALFORMED} (it was relayed all the same).
 *
 * <p>Secrets: the {@code start}'s {@code customParameters} whose names say secret, token, key, auth,
 * password or signature are masked, and their values become the connection's secrets, masked wherever they
 * appear later. Outermost in the chain, so it writes after every other interceptor has had its say.
 */
final class TwilioLogInterceptor implements Interceptor {
  private final StreamState state;
  private final boolean everyMedia;

  TwilioLogInterceptor(StreamState state, boolean everyMedia) {
    this.state = state;
    this.everyMedia = everyMedia;
  }

  @Override
  public void intercept(Chain chain) {
    long at = chain.proceed(chain.message());
    TwilioMessage m = TwilioMessage.of(chain.message());
    Direction dir = chain.message().direction();
    long when = at != Chain.NOT_SENT ? at : chain.message().receivedNanos();
    if (m.event == null) {
      state.audio.diagnostics().report(Diagnostic.MALFORMED, when, "a message that is not Media Streams: " + m.problem,
          Map.of("direction", dir == Direction.CLIENT_TO_UPSTREAM ? "inbound" : "outbound", "chars", chain.message().size()));
      return;
    }
    if (m.is("media") && !(state.firstMedia(dir) || everyMedia)) {
      return;
    }
    Secrets secrets = chain.connection().secrets();
    if (m.is("start")) {
      maskParameters(m.body("start").path("customParameters"), secrets);
    }
    EventBuilder b = chain.connection().session().event("twilio." + m.event).at(when).put("direction", dir.label());
    ObjectNode json = m.json();
    if (json.path("media") instanceof ObjectNode media) {
      media.remove("payload"); // audio is counted, never written
    }
    Iterator<Map.Entry<String, JsonNode>> fields = json.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getKey().equals("event")) {
        b.put(f.getKey(), plain(f.getValue(), secrets));
      }
    }
    m.extra.forEach(b::put);
    if (at == Chain.NOT_SENT) {
      b.put("forwarded", false);
    }
    b.log();
  }

  /** Secret-named parameters masked in the logged copy, their values remembered as secrets. */
  private static void maskParameters(JsonNode params, Secrets secrets) {
    if (!(params instanceof ObjectNode o)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      if (Secrets.isSecretParameter(p.getKey())) {
        secrets.add(p.getValue().asText());
        p.setValue(o.textNode(Secrets.MASK));
      }
    }
  }

  /** A JSON value as the event builder takes it, every text scrubbed of the connection's secrets. */
  private static Object plain(JsonNode v, Secrets secrets) {
    if (v.isTextual()) {
      return secrets.scrub(v.asText());
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isArray()) {
      java.util.List<Object> out = new java.util.ArrayList<>(v.size());
      v.forEach(x -> out.add(plain(x, secrets)));
      return out;
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    v.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue(), secrets)));
    return out;
  }
}
