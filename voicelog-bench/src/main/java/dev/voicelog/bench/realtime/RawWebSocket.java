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
 * receive (the same thread, a benchmark call's own, or two: a call whose peer streams on its own). Both reuse
 * a buffer of their own, so a harness that sends and receives bytes makes no garbage. Methods throw
 * {@link IOException} when the socket fails or the peer breaks the protocol the benchmark speaks.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final boolean masks;
  /** The frame being sent, reused (one sending thread). */
  private byte[] frame = new byte[2048];
  /** The payload received last and its mask key, reused (one receiving thread). */
  private byte[] payload = new byte[2048];
  private final byte[] key = new byte[4];

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
    send(p, p.length);
  }

  /**
   * Sends the first {@code len} bytes of {@code p} (UTF-8) as one text frame, built in a buffer this endpoint
   * keeps: no allocation once the buffer has grown to the largest frame.
   */
  public void send(byte[] p, int len) throws IOException {
    int extra = len < 126 ? 0 : len < 65_536 ? 2 : 8;
    int size = 2 + extra + (masks ? 4 : 0) + len;
    if (frame.length < size) {
      frame = new byte[size];
    }
    byte[] f = frame;
    f[0] = (byte) 0x81;
    f[1] = (byte) ((masks ? 0x80 : 0) | (extra == 0 ? len : extra == 2 ? 126 : 127));
    for (int i = 0; i < extra; i++) {
      f[2 + i] = (byte) ((long) len >>> (8 * (extra - 1 - i)));
    }
    int at = 2 + extra;
    if (masks) {
      int key = ThreadLocalRandom.current().nextInt();
      for (int i = 0; i < 4; i++) {
        f[at + i] = (byte) (key >>> (8 * i));
      }
      for (int i = 0; i < len; i++) {
        f[at + 4 + i] = (byte) (p[i] ^ f[at + (i & 3)]);
      }
    } else {
      System.arraycopy(p, 0, f, at, len);
    }
    out.write(f, 0, size);
  }

  /** The next text frame's text; null when the peer closed (a close frame or the end of the stream). */
  public String receive() throws IOException {
    int n = receiveBytes();
    return n < 0 ? null : new String(payload, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Reads the next frame into {@link #received()}, a buffer this endpoint keeps (valid until the next call):
   * no allocation once it has grown to the largest frame. Returns the payload's length, or -1 when the peer
   * closed (a close frame or the end of the stream).
   */
  public int receiveBytes() throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return -1;
    }
    int b1 = readByte();
    long len = b1 & 0x7F;
    int extra = len == 126 ? 2 : len == 127 ? 8 : 0;
    if (extra > 0) {
      len = 0;
      for (int i = 0; i < extra; i++) {
        len = (len << 8) | readByte();
      }
    }
    if ((b1 & 0x80) != 0 && in.readNBytes(key, 0, 4) < 4) {
      throw new EOFException();
    }
    if (payload.length < len) {
      payload = new byte[(int) len];
    }
    int n = (int) len;
    if (in.readNBytes(payload, 0, n) < n) {
      throw new EOFException();
    }
    if ((b1 & 0x80) != 0) {
      for (int i = 0; i < n; i++) {
        payload[i] ^= key[i & 3];
      }
    }
    return (b0 & 0x0F) == 0x8 ? -1 : n;
  }

  /** The payload {@link #receiveBytes()} read last (the buffer is longer than it: use the length it returned). */
  public byte[] received() {
    return payload;
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
