package dev.voicelog.bench.realtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The benchmarks' local servers' way of taking connections: one daemon thread accepts, and each connection
 * (with {@code TCP_NODELAY}) is served on a daemon thread of its own, as the peers' blocking sockets need.
 */
public final class AcceptLoop {
  private AcceptLoop() {}

  /**
   * Starts accepting on {@code server} until it is closed; {@code serve} runs on a thread named {@code name}
   * per connection and owns the socket. A connection that fails while being accepted is skipped.
   */
  public static void start(ServerSocket server, String name, Consumer<Socket> serve) {
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          Thread t = new Thread(() -> serve.accept(s), name);
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          // closed (the loop ends), or this one connection failed: go on
        }
      }
    }, name + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }
}
