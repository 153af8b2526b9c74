package dev.voicelog.tap.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's side of the opening handshake (RFC 6455 section 4.2): whether a request head is one the
 * relay takes, what it asks for, and the answers: 101 with the upstream's subprotocol, or an HTTP error
 * saying what was expected. {@link UpstreamHandshake} is the other side.
 */
final class ClientHandshake {
  /** Why a request is refused: the HTTP status and a line for the body. */
  record Refusal(int status, String why) {}

  private ClientHandshake() {}

  /** Why {@code head} is not a WebSocket handshake the relay takes, or null when it is. */
  static Refusal check(HttpHead head) {
    String[] parts = head.startLine.split(" ");
    if (parts.length != 3 || !parts[0].equals("GET") || !parts[2].startsWith("HTTP/1.")) {
      return new Refusal(400, "expected 'GET /path HTTP/1.1', got '" + head.startLine + "'");
    }
    if (!"websocket".equalsIgnoreCase(String.valueOf(head.first("Upgrade")).strip()) || !head.lists("Connection", "upgrade")) {
      return new Refusal(426, "this port takes WebSocket connections only (Upgrade: websocket)");
    }
    if (!"13".equals(String.valueOf(head.first("Sec-WebSocket-Version")).strip())) {
      return new Refusal(426, "expected Sec-WebSocket-Version: 13");
    }
    if (head.first("Sec-WebSocket-Key") == null || head.first("Sec-WebSocket-Key").isBlank()) {
      return new Refusal(400, "expected a Sec-WebSocket-Key header");
    }
    return null;
  }

  /**
   * What a {@link #check checked} head asks for: path, query (origin form {@code /path?query} or absolute
   * form), headers in order, subprotocol offers.
   *
   * @throws URISyntaxException when the request target is not a URI
   */
  static ClientRequest request(HttpHead head, String remote) throws URISyntaxException {
    URI uri = new URI(head.startLine.split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String[] h : head.headers) {
      headers.computeIfAbsent(h[0], k -> new ArrayList<>()).add(h[1]);
    }
    return new ClientRequest(uri.getRawPath(), uri.getRawQuery(), headers, head.tokens("Sec-WebSocket-Protocol"), remote);
  }

  /** The 101 answer to {@code key}, with the subprotocol chosen (null: none). */
  static byte[] accepted(String key, String subprotocol) {
    StringBuilder s = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
    s.append("Sec-WebSocket-Accept: ").append(HttpHead.acceptFor(key)).append("\r\n");
    if (subprotocol != null) {
      s.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
    }
    return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A whole HTTP response refusing the request, its reason as a line of text. */
  static byte[] refused(Refusal r) {
    String phrase = switch (r.status()) {
      case 408 -> "Request Timeout";
      case 426 -> "Upgrade Required";
      default -> "Bad Request";
    };
    byte[] body = ("voicelog relay: " + r.why() + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + r.status() + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + (r.status() == 426 ? "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" : "")
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
