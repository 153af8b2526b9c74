package dev.voicelog.bench.realtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@link EchoUpstream} on {@link RawWebSocket}: the same answers and the same one-way records, from one
 * blocking thread per connection that reads a message, stamps it and answers it itself.
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
      for (String m = ws.receive(); m != null; m = ws.receive()) {
        route.record(System.nanoTime() - EchoUpstream.Messages.sentNanos(m));
        if (!streams) {
          ws.send(EchoUpstream.Messages.delta(EchoUpstream.Messages.audio(m), EchoUpstream.Messages.responseOf(m)));
        }
      }
    } catch (IOException e) {
      // the session ended
    }
  }

  /** A delta every 20 ms until the connection fails (it closes when the client's session ends). */
  private static void stream(RawWebSocket ws) {
    Pacer pacer = new Pacer();
    try {
      for (int n = 0; ; n++) {
        pacer.awaitNext();
        ws.send(EchoUpstream.Messages.delta(EchoUpstream.Messages.CHUNK, "r" + n / RealtimeProxyLatencyBenchmark.CHUNKS_PER_RESPONSE));
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
