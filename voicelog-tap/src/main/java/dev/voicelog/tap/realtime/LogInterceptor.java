package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes each relayed event as a native voicelog line whose {@code event_type} is the Realtime type and
 * whose data is the direction, the event's own fields (as the inner interceptors left them: payloads cut,
 * secrets masked) and the proxy's additions. The line's {@code t} is the moment the event passed through
 * the proxy, unless an interceptor backdated it. A message that is not a Realtime event is written as an
 * {@code ERROR} (it was forwarded all the same); a binary message as {@code websocket.binary} with its size.
 * Outermost in the chain, so it writes after every other interceptor has had its say.
 */
final class LogInterceptor implements Interceptor {
  @Override
  public void intercept(Chain chain) {
    long at = chain.proceed(chain.message());
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    e.forwardedNanos = at;
    var session = chain.connection().session();
    Direction dir = chain.message().direction();
    long when = e.occurredNanos != RealtimeEvent.NOT_SET ? e.occurredNanos
        : at != Chain.NOT_SENT ? at : chain.message().receivedNanos();
    if (!chain.message().isText()) {
      EventBuilder b = session.event("websocket.binary").at(when).put("direction", dir.label())
          .put("bytes", (long) chain.message().size());
      sent(b, at).log();
      return;
    }
    if (e.type == null) {
      EventBuilder b = session.event(EventType.ERROR).at(when)
          .put("source", dir == Direction.CLIENT_TO_UPSTREAM ? "client" : "upstream")
          .put("direction", dir.label()).put("error", e.problem).put("chars", (long) chain.message().size());
      sent(b, at).log();
      return;
    }
    if (!e.logged) {
      return;
    }
    EventBuilder b = session.event(e.type).at(when).put("direction", dir.label());
    Iterator<Map.Entry<String, JsonNode>> fields = e.json.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getKey().equals("type")) {
        put(b, f.getKey(), f.getValue());
      }
    }
    e.extra.forEach(b::put);
    sent(b, at).log();
  }

  private static EventBuilder sent(EventBuilder b, long at) {
    return at == Chain.NOT_SENT ? b.put("forwarded", false) : b;
  }

  private static void put(EventBuilder b, String key, JsonNode v) {
    if (v.isTextual()) {
      b.put(key, v.asText());
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      b.put(key, v.asLong());
    } else if (v.isNumber()) {
      b.put(key, v.asDouble());
    } else if (v.isBoolean()) {
      b.put(key, v.asBoolean());
    } else if (v.isNull()) {
      b.put(key, (String) null);
    } else {
      b.put(key, RealtimeEvent.JSON.convertValue(v, Object.class));
    }
  }
}
