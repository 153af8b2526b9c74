package dev.voicelog.tap.relay;

import dev.voicelog.MonotonicClock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a relayed WebSocket connection (the client's socket or the upstream's) and where its closing
 * handshake stands. Writes are serialised (the relaying thread and a closing thread may both write), and
 * each write is timed so a stuck peer can be found ({@link #writingSince}).
 *
 * <p><b>Thread safety.</b> {@link #in} is read by one thread only (this side's pump); the rest is
 * thread-safe.
 */
final class WsSide {
  /** How much of the peer's stream is read ahead: a few 20 ms audio messages. */
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** {@link CloseInfo#CLIENT} or {@link CloseInfo#UPSTREAM}. */
  final String name;
  final Socket socket;
  final InputStream in;
  /** Frames the relay makes itself for this side are masked: it is the upstream, and the relay its client. */
  final boolean masks;
  private final OutputStream out;
  private final MonotonicClock clock;
  /**
   * How long a close frame waits for a write in progress; after that it is not sent (the peer is not
   * reading) and the close grace ends the connection instead.
   */
  private static final long CLOSE_WAIT_MS = 100;

  private final ReentrantLock writeLock = new ReentrantLock();
  /** When the write in progress began (monotonic nanos), or 0 when none is. */
  volatile long writingSince;
  /** This side has been sent a close frame (relayed or the relay's own). */
  volatile boolean closeSent;
  /** This side has sent its close frame. */
  volatile boolean closeReceived;
  /** This side's stream has ended or failed: nothing more can be read from or written to it. */
  volatile boolean gone;
  /** The kinds of malformed frame from this side already logged; only the pump that reads it touches it. */
  final Set<String> malformedReported = new HashSet<>();

  /**
   * @param in the side's input, already positioned after its handshake head (so read-ahead is kept)
   */
  WsSide(String name, Socket socket, InputStream in, boolean masks, MonotonicClock clock) throws IOException {
    this.name = name;
    this.socket = socket;
    this.in = in;
    this.masks = masks;
    this.out = socket == null ? OutputStream.nullOutputStream() : socket.getOutputStream();
    this.clock = clock;
  }

  /** The side of an upstream that could not be reached: gone from the start. */
  static WsSide unreachable(String name, boolean masks, MonotonicClock clock) {
    try {
      WsSide none = new WsSide(name, null, InputStream.nullInputStream(), masks, clock);
      none.gone = true;
      return none;
    } catch (IOException e) {
      throw new IllegalStateException("a side without a socket has no I/O to fail", e);
    }
  }

  /** The buffered input a side is read through, handshake and frames alike. */
  static InputStream input(Socket socket) throws IOException {
    return new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
  }

  /**
   * Writes whole frames in one go; blocks while the peer's window is full. Returns false, writing nothing,
   * once this side has been sent a close or is gone (nothing may follow a close frame).
   */
  boolean write(byte[] frames) throws IOException {
    return write(frames, false);
  }

  /** Relays a close frame as received, once; returns false if a close was already sent or the side is gone. */
  boolean forwardClose(byte[] rawCloseFrame) {
    return sendCloseFrame(rawCloseFrame);
  }

  /** Sends the relay's own close, once; returns false if a close was already sent or the side is gone. */
  boolean sendClose(int code, String reason) {
    return sendCloseFrame(WsFrame.close(code, reason, masks));
  }

  private boolean sendCloseFrame(byte[] frame) {
    try {
      return write(frame, true);
    } catch (IOException e) {
      return false; // the close counts as sent (nothing more is written); this side's reader finds it gone
    }
  }

  /** Marks this side gone; true for the first caller only, who then handles its loss. */
  synchronized boolean markGone() {
    if (gone) {
      return false;
    }
    gone = true;
    return true;
  }

  private boolean write(byte[] bytes, boolean close) throws IOException {
    if (!close) {
      writeLock.lock();
    } else if (!tryLockForClose()) {
      return false;
    }
    try {
      if (closeSent || gone) {
        return false;
      }
      closeSent = close;
      writingSince = Math.max(1, clock.nanoTime());
      try {
        out.write(bytes);
        return true;
      } finally {
        writingSince = 0;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private boolean tryLockForClose() {
    try {
      return writeLock.tryLock(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether nothing more will pass: the closing handshake is over both ways, or the stream has ended. */
  boolean done() {
    return gone || (closeSent && closeReceived);
  }

  /**
   * Closes the socket after the relay's own close while this side may still be sending: a lingering close
   * ({@link LingeringClose}, at most {@link LingeringClose#MAX_TIME}). Only on the thread that reads this side.
   */
  void closeLingering() {
    if (socket != null) {
      LingeringClose.close(socket, in);
    }
  }

  void closeSocket() {
    BlockingSockets.closeQuietly(socket);
  }
}
