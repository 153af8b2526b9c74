package dev.voicelog.bench.realtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The smallest WebSocket endpoint the benchmark needs (RFC 6455: the opening handshake, whole text frames),
 * on a blocking socket read and written by the thread that uses it: a peer that adds no thread hand-off of
 * its own, so a route's measured time is the network path and what is on it. Not a general client: no
 * fragments, no pings, no extensions.
 *
 * <p>Not thread-safe, but sending and receiving share nothing: one thread at a time may send and one
 * receive (the same thread, a benchmark call's own, or two: a call whose peer streams on its own). Methods throw
 * {@link IOException} when the socket fails or the peer breaks the protocol the benchmark speaks.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final boolean masks;

  private RawWebSocket(Socket socket, InputStream in, boolean masks) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.masks = masks;
  }

  /**
   * Connects to {@code 127.0.0.1:port} with {@code pathAndQuery} and, unless null, a bearer token (as a Realtime
   * client does).
   */
  public static RawWebSocket connect(int port, String pathAndQuery, String bearer) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
        + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = new BufferedInputStream(s.getInputStream());
    String head = readHead(in);
    if (!head.startsWith("HTTP/1.1 101") || !head.contains(accept(key))) {
      s.close();
      throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
    }
    return new RawWebSocket(s, in, true);
  }

  /** Answers the handshake of an accepted socket; returns the endpoint and the request line's target. */
  public static RawWebSocket accept(Socket s, String[] target) throws IOException {
    s.setTcpNoDelay(true);
    InputStream in = new BufferedInputStream(s.getInputStream());
    String head = readHead(in);
    target[0] = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    String key = head.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
        .map(l -> l.substring(18).strip()).findFirst().orElseThrow(() -> new IOException("no Sec-WebSocket-Key"));
    s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return new RawWebSocket(s, in, false);
  }

  /** Sends one text frame (masked from a client, as the protocol wants). */
  public void send(String text) throws IOException {
    byte[] p = text.getBytes(StandardCharsets.UTF_8);
    int extra = p.length < 126 ? 0 : p.length < 65_536 ? 2 : 8;
    byte[] f = new byte[2 + extra + (masks ? 4 : 0) + p.length];
    f[0] = (byte) 0x81;
    f[1] = (byte) ((masks ? 0x80 : 0) | (extra == 0 ? p.length : extra == 2 ? 126 : 127));
    for (int i = 0; i < extra; i++) {
      f[2 + i] = (byte) ((long) p.length >>> (8 * (extra - 1 - i)));
    }
    int at = 2 + extra;
    if (masks) {
      int key = ThreadLocalRandom.current().nextInt();
      for (int i = 0; i < 4; i++) {
        f[at + i] = (byte) (key >>> (8 * i));
      }
      for (int i = 0; i < p.length; i++) {
        f[at + 4 + i] = (byte) (p[i] ^ f[at + (i & 3)]);
      }
    } else {
      System.arraycopy(p, 0, f, at, p.length);
    }
    out.write(f);
  }

  /** The next text frame's text; null when the peer closed (a close frame or the end of the stream). */
  public String receive() throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    int b1 = in.read();
    long len = b1 & 0x7F;
    int extra = len == 126 ? 2 : len == 127 ? 8 : 0;
    if (extra > 0) {
      len = 0;
      for (int i = 0; i < extra; i++) {
        len = (len << 8) | readByte();
      }
    }
    byte[] key = new byte[4];
    if ((b1 & 0x80) != 0 && in.readNBytes(key, 0, 4) < 4) {
      throw new EOFException();
    }
    byte[] p = in.readNBytes((int) len);
    if (p.length < len) {
      throw new EOFException();
    }
    if ((b1 & 0x80) != 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] ^= key[i & 3];
      }
    }
    return (b0 & 0x0F) == 0x8 ? null : new String(p, StandardCharsets.UTF_8);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int last4 = 0;
    while (last4 != 0x0D0A0D0A) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the peer closed during the handshake");
      }
      s.append((char) b);
      last4 = (last4 << 8) | b;
    }
    return s.toString();
  }

  private static String accept(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
