package dev.voicelog.tap.relay;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The client's WebSocket handshake as the relay received it. Holds credentials: never log it as is (see
 * {@link Secrets}). Immutable and thread-safe: the constructor copies the headers and subprotocols into
 * unmodifiable collections.
 *
 * @param path the request path, e.g. {@code /v1/realtime}
 * @param rawQuery the raw query without {@code ?}, or null
 * @param headers every header, names case-insensitive, values in order
 * @param subprotocols the offered WebSocket subprotocols, in the client's order
 * @param remote the client's address, for the log
 */
public record ClientRequest(String path, String rawQuery, Map<String, List<String>> headers,
    List<String> subprotocols, String remote) {
  /**
   * Copies the headers into a case-insensitive map (names that differ only in case are one header, their
   * values joined in order) and the lists into immutable ones.
   */
  public ClientRequest {
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
    headers = Collections.unmodifiableMap(h);
    subprotocols = List.copyOf(subprotocols);
    path = path == null || path.isEmpty() ? "/" : path;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The secrets this request carries: credential headers, key-bearing subprotocols, secret query values. */
  public Secrets secrets() {
    Secrets s = new Secrets();
    headers.forEach((name, values) -> {
      if (Secrets.isSecretHeader(name)) {
        values.forEach(s::add);
      }
    });
    subprotocols.forEach(s::addFromSubprotocol);
    s.addFromQuery(rawQuery);
    return s;
  }
}
