package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A WebSocket client that writes frames by hand (RFC 6455 5.2), masking only when told to. */
final class RawWsClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawWsClient(int port, String path) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    out.write(handshake(path));
    in = new java.io.BufferedInputStream(socket.getInputStream());
    HttpHead head = HttpHead.read(in);
    assertThat(head.startLine).startsWith("HTTP/1.1 101");
    assertThat(head.first("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455's example
  }

  /** An opening handshake for {@code path}, with RFC 6455's example key (its accept is known). */
  static byte[] handshake(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  void send(boolean fin, int opcode, byte[] payload, boolean mask) throws IOException {
    java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    int m = mask ? 0x80 : 0;
    if (payload.length < 126) {
      f.write(m | payload.length);
    } else {
      f.write(m | 126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xFF);
    }
    byte[] key = {0x11, 0x22, 0x33, 0x44};
    if (mask) {
      f.write(key);
    }
    for (int i = 0; i < payload.length; i++) {
      f.write(mask ? payload[i] ^ key[i % 4] : payload[i]);
    }
    out.write(f.toByteArray());
  }

  /** Writes bytes as they are: a frame's head alone, or part of a payload. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  WsFrame next() throws IOException {
    return WsFrame.read(in, 1 << 20);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
