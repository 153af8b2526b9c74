package dev.voicelog.tap.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens a client's connection to the upstream: TCP (and TLS for {@code wss://}, with the host name
 * verified), then the WebSocket opening handshake with the client's own path, query, headers, subprotocol
 * offers and key, so the upstream's {@code Sec-WebSocket-Accept} answers the client too.
 *
 * <p>No extension is offered: frames then pass through exactly as sent, and the relay can read them.
 */
final class UpstreamHandshake {
  /** Why the upstream could not be reached; the message is what the client's close reason and the log say. */
  static final class Failure extends Exception {
    /** The start of the body of the upstream's refusal (its own explanation), or null. Holds secrets: scrub it. */
    final String response;

    Failure(String message) {
      this(message, null);
    }

    Failure(String message, String response) {
      super(message, null, false, false);
      this.response = response;
    }
  }

  /** How much of a refusal's body is kept for the log. */
  static final int MAX_RESPONSE_CHARS = 2048;

  /** A connected upstream: its socket, its input (positioned after the handshake), the subprotocol it chose. */
  record Upstream(Socket socket, InputStream in, String subprotocol) {}

  private UpstreamHandshake() {}

  /**
   * Connects {@code socket} (new, unconnected; closing it from another thread aborts the attempt) to the
   * target and shakes hands.
   */
  static Upstream open(Socket socket, URI target, ClientRequest request, String key, Duration timeout,
      SSLSocketFactory tls) throws Failure {
    boolean secure = "wss".equalsIgnoreCase(target.getScheme());
    String host = target.getHost();
    int port = target.getPort() > 0 ? target.getPort() : secure ? 443 : 80;
    String where = host + ":" + port;
    long deadline = System.nanoTime() + timeout.toNanos();
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new Failure(ConnectFailure.unresolved(host));
    }
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, millisLeft(deadline));
      if (secure) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(millisLeft(deadline));
        ssl.startHandshake();
        socket = ssl;
      }
      socket.setSoTimeout(millisLeft(deadline));
      socket.getOutputStream().write(requestHead(target, request, key).getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = WsSide.input(socket);
      HttpHead response = HttpHead.read(in);
      if (response == null) {
        throw new Failure("upstream closed the connection without answering the WebSocket handshake");
      }
      int status = response.status();
      if (status != 101) {
        throw new Failure("upstream refused the WebSocket handshake: "
            + (status < 0 ? "not an HTTP response" : "HTTP " + status), refusalBody(socket, in, response));
      }
      if (!HttpHead.acceptFor(key).equals(response.first("Sec-WebSocket-Accept"))) {
        throw new Failure("upstream answered the WebSocket handshake with a wrong Sec-WebSocket-Accept");
      }
      String selected = response.first("Sec-WebSocket-Protocol");
      socket.setSoTimeout(0);
      return new Upstream(socket, in, selected == null || selected.isBlank() ? null : selected.strip());
    } catch (Failure f) {
      BlockingSockets.closeQuietly(socket);
      throw f;
    } catch (IOException e) {
      BlockingSockets.closeQuietly(socket);
      throw new Failure(ConnectFailure.describe(e, where));
    }
  }

  /**
   * The start of a refusal's body, as much as arrives within a second (the API says why it refused: a bad
   * key, a model that does not exist, a rate limit); null when there is none or it cannot be read.
   */
  private static String refusalBody(Socket socket, InputStream in, HttpHead response) {
    try {
      socket.setSoTimeout(1_000);
      String length = response.first("Content-Length");
      int want = MAX_RESPONSE_CHARS;
      if (length != null) {
        want = (int) Math.min(want, Long.parseLong(length.strip()));
      } else if (response.lists("Transfer-Encoding", "chunked")) {
        String size = readLine(in);
        want = size == null ? 0 : (int) Math.min(want, Long.parseLong(size.split(";")[0].strip(), 16));
      }
      byte[] body = in.readNBytes(Math.max(0, want));
      String text = new String(body, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException | NumberFormatException e) {
      return null; // the status says enough
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 256; b = in.read()) {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** The opening handshake as sent to the upstream. */
  static String requestHead(URI target, ClientRequest request, String key) {
    StringBuilder s = new StringBuilder(512);
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    s.append("GET ").append(path);
    if (target.getRawQuery() != null) {
      s.append('?').append(target.getRawQuery());
    }
    s.append(" HTTP/1.1\r\n");
    line(s, "Host", target.getPort() > 0 ? target.getHost() + ":" + target.getPort() : target.getHost());
    line(s, "Upgrade", "websocket");
    line(s, "Connection", "Upgrade");
    line(s, "Sec-WebSocket-Key", key);
    line(s, "Sec-WebSocket-Version", "13");
    List<String> offers = request.subprotocols();
    if (!offers.isEmpty()) {
      line(s, "Sec-WebSocket-Protocol", String.join(", ", offers));
    }
    request.headers().forEach((name, values) -> {
      if (UpstreamTarget.forwards(name)) {
        values.forEach(v -> line(s, name, v));
      }
    });
    return s.append("\r\n").toString();
  }

  private static void line(StringBuilder s, String name, String value) {
    s.append(name).append(": ").append(value).append("\r\n");
  }

  private static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("connect timeout");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
