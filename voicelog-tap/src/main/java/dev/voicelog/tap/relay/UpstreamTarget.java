package dev.voicelog.tap.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a client's connection goes: the configured upstream's scheme, host and port with the client's own
 * path and query, so {@code ws://127.0.0.1:8765/v1/realtime?model=m} reaches
 * {@code wss://api.openai.com/v1/realtime?model=m}. A client that connects to {@code /} gets the
 * upstream's path. The query is the client's, as it sent it, followed by each parameter of the upstream's
 * own query whose name the client did not send: a token the agent needs ({@code --upstream
 * ws://agent/media?token=T}) reaches it, and a client's {@code model=} still wins over a configured one.
 */
final class UpstreamTarget {
  /** Headers that belong to one hop (or to the WebSocket handshake, which the upstream client makes itself). */
  static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "upgrade", "content-length",
      "transfer-encoding", "keep-alive", "te", "trailer", "expect", "proxy-connection", "proxy-authorization",
      "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
      "sec-websocket-accept");

  private UpstreamTarget() {}

  static URI resolve(URI upstream, String clientPath, String clientQuery) {
    String path = clientPath == null || clientPath.isEmpty() || clientPath.equals("/") ? upstream.getRawPath() : clientPath;
    String query = mergedQuery(clientQuery, upstream.getRawQuery());
    StringBuilder s = new StringBuilder().append(upstream.getScheme()).append("://").append(upstream.getRawAuthority());
    s.append(path == null || path.isEmpty() ? "/" : path);
    if (query != null && !query.isEmpty()) {
      s.append('?').append(query);
    }
    try {
      return new URI(s.toString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the client's path or query does not make a URI: " + e.getReason(), e);
    }
  }

  /** The client's raw query, then the configured one's parameters whose names it lacks (both may be null). */
  static String mergedQuery(String client, String configured) {
    if (configured == null || configured.isEmpty()) {
      return client;
    }
    if (client == null || client.isEmpty()) {
      return configured;
    }
    Set<String> sent = new HashSet<>();
    for (String p : client.split("&")) {
      sent.add(name(p));
    }
    StringBuilder q = new StringBuilder(client);
    for (String p : configured.split("&")) {
      if (!p.isEmpty() && !sent.contains(name(p))) {
        q.append('&').append(p);
      }
    }
    return q.toString();
  }

  private static String name(String parameter) {
    int eq = parameter.indexOf('=');
    return eq < 0 ? parameter : parameter.substring(0, eq);
  }

  static boolean forwards(String header) {
    return !NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT));
  }

  /** Checks an upstream given by the user: ws or wss, with a host. */
  static URI validate(URI upstream) {
    String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("upstream must be a ws:// or wss:// URI, got " + new Secrets().describeUri(upstream));
    }
    if (upstream.getHost() == null) {
      throw new IllegalArgumentException("upstream has no host: " + new Secrets().describeUri(upstream));
    }
    return upstream;
  }
}
