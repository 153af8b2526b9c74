package dev.voicelog.tap.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket the relay has just sent its own close on while the peer may still be sending, the way
 * RFC 6455 section 7.1.1, Jetty and Netty do: the output is ended (a FIN after the close frame), the input
 * is read and thrown away until the peer ends its stream or a bound is reached, and only then is the socket
 * closed.
 *
 * <p>Why: closing a socket with data unread in its receive buffer makes Linux send a reset (RST) instead of
 * a FIN. The peer's next write or read then fails with "connection reset" instead of reading the close and
 * the end of the stream, and a stack may throw away what it received but had not yet handed to its
 * application, the close frame included, so the peer never learns why it was closed (1009 after a message
 * too big).
 *
 * <p>The bounds are wall time, not the log's clock (which tests replace): a socket's read timeout is.
 * Stateless and thread-safe.
 */
final class LingeringClose {
  /** The longest the input is drained, which is the longest a relay thread is held by it. */
  static final Duration MAX_TIME = Duration.ofSeconds(1);
  /** The most that is drained: the rest of a message somewhat above the default limit. */
  static final long MAX_BYTES = 16L * 1024 * 1024;
  private static final int CHUNK_BYTES = 16 * 1024;

  private LingeringClose() {}

  /**
   * Ends the output, drains the input and closes the socket. Blocks the calling thread, which must be the
   * socket's only reader ({@code in} is its input, read-ahead included), for at most {@link #MAX_TIME}; the
   * socket closed meanwhile by another thread (the server shutting down, the close grace) ends it at once.
   * Never throws: whatever fails, the socket ends closed.
   */
  static void close(Socket socket, InputStream in) {
    try {
      socket.shutdownOutput();
    } catch (IOException | UnsupportedOperationException e) {
      // already shut, or a TLS socket that cannot half-close: draining still spares the peer a reset
    }
    try {
      long deadline = System.nanoTime() + MAX_TIME.toNanos();
      byte[] sink = new byte[CHUNK_BYTES];
      for (long drained = 0; drained < MAX_BYTES; ) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) left);
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        drained += n;
      }
    } catch (IOException e) {
      // timed out, reset, or closed by another thread: closing is all that is left
    } finally {
      BlockingSockets.closeQuietly(socket);
    }
  }
}
