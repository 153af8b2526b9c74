package dev.voicelog.tap.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The head of an HTTP/1.1 request or response (start line and headers, in order and as spelled), as the
 * WebSocket opening handshake (RFC 6455 section 4) sends it before the frames begin. Only what the
 * handshake needs: no bodies, no chunking.
 */
final class HttpHead {
  /** The largest head read (the Realtime API's handshakes are well under 4 KiB). */
  static final int MAX_BYTES = 32 * 1024;
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** A head that could not be read as HTTP; the message says what was expected. */
  static final class MalformedException extends IOException {
    MalformedException(String message) {
      super(message);
    }
  }

  final String startLine;
  /** Each header as {name, value}, in the order received. */
  final List<String[]> headers;

  private HttpHead(String startLine, List<String[]> headers) {
    this.startLine = startLine;
    this.headers = headers;
  }

  /**
   * Reads one head, up to and including its empty line; the stream is left at the first byte after it.
   * A line that starts with a space or a tab continues the header before it (obs-fold), whose value it
   * joins with one space. Returns null when the stream ends before the first byte.
   */
  static HttpHead read(InputStream in) throws IOException {
    byte[] buf = new byte[512];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0) {
          return null;
        }
        throw new MalformedException("the connection ended inside the HTTP head, after " + n + " bytes");
      }
      if (n == buf.length) {
        if (n >= MAX_BYTES) {
          throw new MalformedException("HTTP head longer than " + MAX_BYTES + " bytes");
        }
        buf = java.util.Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
      if (n >= 4 && buf[n - 1] == '\n' && buf[n - 2] == '\r' && buf[n - 3] == '\n' && buf[n - 4] == '\r') {
        break;
      }
    }
    String[] lines = new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      char c = lines[i].isEmpty() ? 'x' : lines[i].charAt(0);
      if ((c == ' ' || c == '\t') && !headers.isEmpty()) { // obs-fold: the last value goes on (RFC 9112 5.2)
        String[] last = headers.get(headers.size() - 1);
        last[1] = (last[1] + " " + lines[i].strip()).strip();
        continue;
      }
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new MalformedException("HTTP header line " + (i + 1) + " has no name: expected 'Name: value'");
      }
      headers.add(new String[] {lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()});
    }
    return new HttpHead(lines[0], headers);
  }

  /** Every value of a header (names case-insensitive), in order. */
  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        out.add(h[1]);
      }
    }
    return out;
  }

  /** The first value of a header, or null. */
  String first(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  /** Whether a comma-separated header lists {@code token} (case-insensitive), as Connection lists Upgrade. */
  boolean lists(String name, String token) {
    for (String v : values(name)) {
      for (String t : v.split(",")) {
        if (t.strip().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The comma-separated tokens of every value of a header, in order (subprotocol offers). */
  List<String> tokens(String name) {
    List<String> out = new ArrayList<>();
    for (String v : values(name)) {
      for (String t : v.split(",")) {
        if (!t.isBlank()) {
          out.add(t.strip());
        }
      }
    }
    return out;
  }

  /** The status code of a response head, or -1 when the start line is not {@code HTTP/1.x NNN ...}. */
  int status() {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code Sec-WebSocket-Accept} value that answers {@code key}. */
  static String acceptFor(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
