package dev.voicelog.bench.realtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@link EchoUpstream} on {@link RawWebSocket}: the same answers and the same one-way records, from one
 * blocking thread per connection that reads a message, stamps it and answers it itself, in buffers it
 * reuses ({@link StampedMessage}): it makes no garbage.
 *
 * <p>With {@code streams}, it answers nothing: each connection gets a second thread that sends a
 * {@code response.output_audio.delta} of its own every 20 ms (at a random phase, {@link Pacer}), as the
 * Realtime API streams a response whatever the client is doing, while the first thread only reads and
 * stamps the client's messages.
 */
final class RawEchoUpstream implements AutoCloseable {
  private final ServerSocket listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
  private final OneWay direct;
  private final OneWay proxied;
  private final boolean streams;

  RawEchoUpstream(OneWay direct, OneWay proxied, boolean streams) throws IOException {
    this.direct = direct;
    this.proxied = proxied;
    this.streams = streams;
    AcceptLoop.start(listener, "raw-upstream", this::serve);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void serve(Socket s) {
    String[] target = new String[1];
    try (RawWebSocket ws = RawWebSocket.accept(s, target)) {
      OneWay route = target[0].contains("route=proxy") ? proxied : direct;
      if (streams) {
        Thread sender = new Thread(() -> stream(ws), "raw-upstream-stream");
        sender.setDaemon(true);
        sender.start();
      }
      StampedMessage answer = StampedMessage.delta();
      for (int n = ws.receiveBytes(); n >= 0; n = ws.receiveBytes()) {
        route.record(System.nanoTime() - StampedMessage.sentNanos(ws.received(), n));
        if (!streams) {
          byte[] delta = answer.stamp(StampedMessage.responseOf(ws.received(), n));
          ws.send(delta, delta.length);
        }
      }
    } catch (IOException e) {
      // the session ended
    }
  }

  /** A delta every 20 ms until the connection fails (it closes when the client's session ends). */
  private static void stream(RawWebSocket ws) {
    Pacer pacer = new Pacer();
    StampedMessage delta = StampedMessage.delta();
    try {
      for (int n = 0; ; n++) {
        pacer.awaitNext();
        byte[] b = delta.stamp(n / RealtimeProxyLatencyBenchmark.CHUNKS_PER_RESPONSE);
        ws.send(b, b.length);
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
