package dev.voicelog.bench.realtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@link EchoUpstream} on {@link RawWebSocket}: the same answers and the same one-way records, from one
 * blocking thread per connection that reads a message, stamps it and answers it itself.
 */
final class RawEchoUpstream implements AutoCloseable {
  private final ServerSocket listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
  private final OneWay direct;
  private final OneWay proxied;

  RawEchoUpstream(OneWay direct, OneWay proxied) throws IOException {
    this.direct = direct;
    this.proxied = proxied;
    Thread t = new Thread(this::acceptLoop, "raw-upstream-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread t = new Thread(() -> serve(s), "raw-upstream");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        // closed, or one connection failed: go on
      }
    }
  }

  private void serve(Socket s) {
    String[] target = new String[1];
    try (RawWebSocket ws = RawWebSocket.accept(s, target)) {
      OneWay route = target[0].contains("route=proxy") ? proxied : direct;
      for (String m = ws.receive(); m != null; m = ws.receive()) {
        route.record(System.nanoTime() - EchoUpstream.Messages.sentNanos(m));
        ws.send(EchoUpstream.Messages.delta(EchoUpstream.Messages.audio(m), EchoUpstream.Messages.responseOf(m)));
      }
    } catch (IOException e) {
      // the session ended
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
