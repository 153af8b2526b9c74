package dev.voicelog.tap.relay;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Where the relays get their sockets: from NIO channels in blocking mode, seen through {@link Socket} and
 * {@link ServerSocket}.
 *
 * <p>Why not {@code new Socket()}: a plain JDK socket (JDK 17's {@code NioSocketImpl}) that once reads with
 * a timeout ({@code SO_TIMEOUT}: the relays' handshake and first-bytes waits) switches itself to
 * non-blocking mode for good, so that every later read, even with the timeout set back to 0, costs three
 * system calls (a read that finds nothing, a {@code poll}, the read) where one would do. A relay reads each
 * frame that way. A channel's socket waits out a timeout the same way but returns to blocking mode
 * afterwards, so the relays keep their timeouts and still read each frame with one blocking {@code read}
 * ({@code RelayWireTest} and {@code TcpRelayServerTest} check the mode through {@code /proc}).
 */
final class BlockingSockets {
  private BlockingSockets() {}

  /** An unconnected client socket; closing it from another thread aborts a connect in progress. */
  static Socket unconnected() throws IOException {
    return SocketChannel.open().socket();
  }

  /** An unbound listening socket whose accepted sockets are channel sockets too. */
  static ServerSocket listener() throws IOException {
    return ServerSocketChannel.open().socket();
  }

  /**
   * Closes a socket (or a listener) that may be closed already or be null: when the relay closes one, the
   * only failure left is that it was closed already, and there is nothing to do about it.
   */
  static void closeQuietly(Closeable socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
