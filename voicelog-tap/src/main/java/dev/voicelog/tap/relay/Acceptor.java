package dev.voicelog.tap.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The listening socket of a relay and its accepting thread: each accepted client is numbered and handed
 * to {@link Connections#accept}, and the work it returns runs on a thread of its own,
 * {@code voicelog-TAP-N-in}.
 *
 * <p><b>Thread safety.</b> {@link #close()} may be called from any thread, once or more.
 */
final class Acceptor implements AutoCloseable {
  /** What a relay does with an accepted client. */
  interface Connections {
    /** Takes connection {@code number} (from 1) and returns its work, which gets a thread of its own. */
    Runnable accept(Socket client, long number);
  }

  private final ServerSocket listener;
  private final Thread thread;
  private final String tap;
  private long accepted;
  private volatile boolean closed;

  /** Binds {@code host:port} (port 0: any free port) and starts accepting; {@code tap} names the threads. */
  Acceptor(String host, int port, String tap, Connections connections) throws IOException {
    this.tap = tap;
    this.listener = BlockingSockets.listener();
    listener.setReuseAddress(true);
    try {
      listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    this.thread = new Thread(() -> acceptLoop(connections), "voicelog-" + tap + "-accept");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop(Connections connections) {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a failed accept (the peer reset before we took it) ends nothing else
      }
      long n = ++accepted;
      Thread t = new Thread(connections.accept(client, n), "voicelog-" + tap + "-" + n + "-in");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Stops accepting; connections already accepted are not touched. */
  @Override
  public void close() {
    closed = true;
    BlockingSockets.closeQuietly(listener);
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
