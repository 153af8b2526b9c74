package dev.voicelog.bench.tapprocess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * socat's shape in Java, for the benchmark only: a TCP byte copy between each accepted connection and the
 * upstream, one thread per connection waiting in a {@link Selector} on both sockets (where the proxy has
 * one thread per direction, each blocked in its socket's read). It parses nothing and logs nothing, so set
 * beside the bare relay ({@code ws-relay}) in the same harness it tells whether serving both directions of
 * a session from one thread changes what the hop costs ({@code TapProcess select-copy HOST:PORT DIR}).
 *
 * <p>Not a relay to run anything through: a write the peer does not take at once is retried in a loop
 * (the benchmark's messages are 1-2 KB, and its readers keep up), and a connection ends when either side
 * ends. Thread-safe in that each connection is confined to its own thread; {@link #close()} stops
 * accepting.
 */
final class SelectorCopyRelay implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final InetSocketAddress upstream;
  private final int port;

  SelectorCopyRelay(String upstreamHost, int upstreamPort) throws IOException {
    upstream = new InetSocketAddress(upstreamHost, upstreamPort);
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
    Thread accepting = new Thread(this::accept, "select-copy-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  int port() {
    return port;
  }

  private void accept() {
    long n = 0;
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        Thread t = new Thread(() -> copy(client), "select-copy-" + (++n));
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void copy(SocketChannel client) {
    try (client; SocketChannel up = SocketChannel.open(upstream); Selector selector = Selector.open()) {
      for (SocketChannel c : new SocketChannel[] {client, up}) {
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.configureBlocking(false);
      }
      client.register(selector, SelectionKey.OP_READ, up);
      up.register(selector, SelectionKey.OP_READ, client);
      ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
      while (true) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel from = (SocketChannel) key.channel();
          SocketChannel to = (SocketChannel) key.attachment();
          buffer.clear();
          if (from.read(buffer) < 0) {
            return;
          }
          buffer.flip();
          while (buffer.hasRemaining()) {
            to.write(buffer);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // either side gone: the connection ends
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
