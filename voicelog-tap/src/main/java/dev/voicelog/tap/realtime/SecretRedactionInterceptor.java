package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.Secrets;
import java.util.Iterator;
import java.util.Map;

/**
 * Masks the connection's secrets (and anything shaped like an OpenAI key) in the logged copy of every
 * event. The raw text is checked first, so an event without a secret costs one scan and no tree walk.
 */
final class SecretRedactionInterceptor implements Interceptor {
  @Override
  public void intercept(Chain chain) {
    chain.proceed(chain.message());
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    Secrets secrets = chain.connection().secrets();
    if (e.json != null && secrets.containsSecret(chain.message().text())) {
      scrub(e.json, secrets);
    }
  }

  private static void scrub(JsonNode node, Secrets secrets) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isTextual()) {
          f.setValue(o.textNode(secrets.scrub(f.getValue().asText())));
        } else {
          scrub(f.getValue(), secrets);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, a.textNode(secrets.scrub(a.get(i).asText())));
        } else {
          scrub(a.get(i), secrets);
        }
      }
    }
  }
}
