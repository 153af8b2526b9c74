package dev.voicelog.tap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A local server that refuses every WebSocket handshake as the Realtime API refuses a bad key: HTTP 401 with
 * a JSON body that quotes the key. It reads each request head before answering.
 *
 * <p>Thread-safe: one daemon thread serves connections one at a time; {@link #close()} stops it. A client
 * that goes away mid-request is skipped.
 */
public final class RefusingUpstream implements AutoCloseable {
  private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
  private final String body;

  public RefusingUpstream(String key) throws IOException {
    this.body = "{\"error\":{\"message\":\"Incorrect API key provided: " + key
        + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    Thread t = new Thread(this::serve, "refusing-upstream");
    t.setDaemon(true);
    t.start();
  }

  public String url(String path) {
    return "ws://127.0.0.1:" + listener.getLocalPort() + path;
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket s = listener.accept()) {
        InputStream in = s.getInputStream();
        int last4 = 0; // reads up to the empty line that ends the request head
        for (int b = in.read(); b >= 0; b = in.read()) {
          last4 = (last4 << 8) | b;
          if (last4 == 0x0D0A0D0A) {
            break;
          }
        }
        s.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // closed, or one client went away: go on
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
