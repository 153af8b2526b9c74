package dev.voicelog.tap.relay;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One pump's message in the making (RFC 6455 section 5.4): the frames of a data message as they arrive,
 * and, once its last frame is in, the frames to forward and where its unmasked payload lies.
 *
 * <p>The payload is reached the cheapest way its frames allow, for the interceptors to decode: an unmasked
 * single frame's payload where it lies (the frame's array is its own); a client's masked single text
 * frame unmasked into a buffer this assembly keeps, since text is decoded into a string before the next
 * message comes; anything else copied into an array of its own (a fragmented message, reassembled; masked
 * binary, or text longer than the buffer).
 *
 * <p>Not thread-safe: one pump owns it.
 */
final class MessageAssembly {
  /**
   * A client's single-frame text message is unmasked into a buffer of this size, which the assembly keeps
   * (a Realtime audio chunk is 1.3 KB); a longer one gets an array of its own.
   */
  static final int UNMASK_BUFFER_BYTES = 16 * 1024;

  /** Whether its frames come from a client, and so must be masked (RFC 6455 section 5.1). */
  final boolean fromClient;
  private final List<byte[]> frames = new ArrayList<>(1);
  /** The payload so far of a message in more than one frame; null for a single frame. */
  private ByteArrayOutputStream parts;
  /** A client's payload until it is decoded (an upstream's frames are not masked: nothing to keep). */
  private final byte[] unmasked;
  private int opcode = -1;

  /** After {@link #complete}: the message's payload is {@code length} bytes of {@code payload} from {@code offset}. */
  byte[] payload;
  int offset;
  int length;

  /** @param fromClient whether its frames come from a client (masked), so a buffer to unmask them is kept */
  MessageAssembly(boolean fromClient) {
    this.fromClient = fromClient;
    this.unmasked = new byte[fromClient ? UNMASK_BUFFER_BYTES : 0];
  }

  /** Whether a message has begun and its last frame has not come. */
  boolean isOpen() {
    return opcode >= 0;
  }

  /** Whether the message is text ({@link WsFrame#TEXT}); meaningful once its first frame is in. */
  boolean isText() {
    return opcode == WsFrame.TEXT;
  }

  /** The frames of a message that will not be finished, as they came, in one array; the assembly starts over. */
  byte[] abandon() {
    byte[] all = concat(frames);
    reset();
    return all;
  }

  /**
   * Adds a data frame: the first of a message, or a continuation of the open one. False when the message
   * is now longer than {@code maxBytes}.
   */
  boolean add(WsFrame f, int maxBytes) {
    if (opcode < 0) {
      opcode = f.opcode;
    }
    frames.add(f.raw);
    if (!f.fin || parts != null) {
      if (parts == null) {
        parts = new ByteArrayOutputStream();
      }
      parts.writeBytes(f.payload());
      return parts.size() <= maxBytes;
    }
    return true;
  }

  /**
   * After the message's last frame ({@code last}, just added): returns its frames as they came, in one array
   * (the frame's own when it is the only one), and sets {@link #payload}, {@link #offset}, {@link #length}.
   * The payload may lie in the unmask buffer, which the next message reuses: decode it before then. Call
   * {@link #reset} once the message is handled.
   */
  byte[] complete(WsFrame last) {
    byte[] wire = frames.size() == 1 ? frames.get(0) : concat(frames);
    if (parts != null) {
      set(parts.toByteArray());
    } else if (!last.masked) {
      set(last.raw, last.payloadOffset, last.payloadLength());
    } else if (isText() && last.payloadLength() <= unmasked.length) {
      int n = last.payloadLength();
      System.arraycopy(last.raw, last.payloadOffset, unmasked, 0, n);
      WsFrame.mask(unmasked, 0, n, last.raw, last.payloadOffset - 4);
      set(unmasked, 0, n);
    } else {
      set(last.payload());
    }
    return wire;
  }

  private void set(byte[] own) {
    set(own, 0, own.length);
  }

  private void set(byte[] array, int from, int bytes) {
    payload = array;
    offset = from;
    length = bytes;
  }

  /** Starts over, for the next message. */
  void reset() {
    frames.clear();
    parts = null;
    opcode = -1;
    payload = null;
  }

  private static byte[] concat(List<byte[]> frames) {
    int n = 0;
    for (byte[] f : frames) {
      n += f.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    return all;
  }
}
