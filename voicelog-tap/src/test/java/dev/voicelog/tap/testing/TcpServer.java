package dev.voicelog.tap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real TCP server on 127.0.0.1 for tests: it plays the upstream. Each accepted connection is handed to
 * the script on its own thread (default: collect nothing), and is also offered as a {@link Peer}.
 */
public final class TcpServer implements AutoCloseable {
  /** One accepted connection. */
  public static final class Peer implements AutoCloseable {
    public final Socket socket;

    Peer(Socket socket) {
      this.socket = socket;
    }

    /** Reads exactly {@code n} bytes, waiting up to 10 s; fails the test otherwise. */
    public byte[] read(int n) {
      return readExactly(socket, n);
    }

    public void write(byte[] bytes) {
      try {
        socket.getOutputStream().write(bytes);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    /** Reads until the peer ends its stream; returns everything read. */
    public byte[] readToEnd() {
      try {
        socket.setSoTimeout(10_000);
        return socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed
      }
    }
  }

  public final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
  private final ServerSocket server;
  private final Thread acceptor;
  private volatile Consumer<Peer> script = peer -> {};

  public TcpServer() {
    try {
      server = new ServerSocket(0, 512, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          Peer p = new Peer(s);
          peers.add(p);
          Thread t = new Thread(() -> script.accept(p), "test-tcp-peer");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "test-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** What to do with each connection, on its own thread (set before clients connect). */
  public TcpServer onConnect(Consumer<Peer> script) {
    this.script = script;
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next connection, waiting up to 10 s. */
  public Peer nextPeer() {
    try {
      Peer p = peers.poll(10, TimeUnit.SECONDS);
      if (p == null) {
        throw new AssertionError("no connection within 10 s");
      }
      return p;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Reads exactly {@code n} bytes from a socket, waiting up to 10 s. */
  public static byte[] readExactly(Socket s, int n) {
    try {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      byte[] b = in.readNBytes(n);
      if (b.length < n) {
        throw new AssertionError("stream ended after " + b.length + " of " + n + " bytes: " + Arrays.toString(b));
      }
      return b;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closed
    }
  }
}
