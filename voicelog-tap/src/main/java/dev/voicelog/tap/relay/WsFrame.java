package dev.voicelog.tap.relay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket frame (RFC 6455 section 5.2) exactly as it came off the wire, with its header decoded. The
 * relay forwards {@link #raw} untouched (a client's masked frame stays masked with the client's key, which
 * the upstream removes as it would have), and reads the payload through {@link #payload()}.
 *
 * <p>Reading is strict about what it must be to find the next frame (the lengths) and lenient about the
 * rest: reserved bits, unknown opcodes and masking on the wrong side are reported by {@link #problem()}
 * for the log, and the frame is relayed all the same: the endpoints judge their own protocol.
 */
final class WsFrame {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A frame longer than the largest message the relay accepts. */
  static final class TooBigException extends IOException {
    final long length;

    TooBigException(long length, int max) {
      super("a frame of " + length + " bytes is longer than the " + max + " bytes a message may have");
      this.length = length;
    }
  }

  /** Header and payload as received. */
  final byte[] raw;
  final boolean fin;
  final int opcode;
  /** The three reserved bits, 0 unless an extension (none is negotiated through the relay) set them. */
  final int reserved;
  final boolean masked;
  /** Where the payload starts in {@link #raw}; the mask key, if any, is the 4 bytes before it. */
  final int payloadOffset;

  private WsFrame(byte[] raw, int payloadOffset) {
    this.raw = raw;
    this.fin = (raw[0] & 0x80) != 0;
    this.reserved = (raw[0] >> 4) & 0x7;
    this.opcode = raw[0] & 0x0F;
    this.masked = (raw[1] & 0x80) != 0;
    this.payloadOffset = payloadOffset;
  }

  /**
   * Reads the next frame; null when the stream ends cleanly between frames.
   *
   * @throws EOFException when the stream ends inside a frame
   * @throws TooBigException when the frame's length is above {@code maxPayload}
   */
  static WsFrame read(InputStream in, int maxPayload) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    byte[] head = new byte[10];
    head[0] = (byte) b0;
    head[1] = (byte) readByte(in);
    int len7 = head[1] & 0x7F;
    int extra = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    long length = extra == 0 ? len7 : 0;
    for (int i = 0; i < extra; i++) {
      head[2 + i] = (byte) readByte(in);
      length = (length << 8) | (head[2 + i] & 0xFF);
    }
    if (length < 0 || length > maxPayload) {
      throw new TooBigException(length < 0 ? Long.MAX_VALUE : length, maxPayload);
    }
    int maskBytes = (head[1] & 0x80) != 0 ? 4 : 0;
    int header = 2 + extra + maskBytes;
    byte[] raw = new byte[header + (int) length];
    System.arraycopy(head, 0, raw, 0, 2 + extra);
    readFully(in, raw, 2 + extra, maskBytes + (int) length);
    return new WsFrame(raw, header);
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the stream ended inside a frame header");
    }
    return b;
  }

  private static void readFully(InputStream in, byte[] into, int off, int len) throws IOException {
    int n = in.readNBytes(into, off, len);
    if (n < len) {
      throw new EOFException("the stream ended inside a frame: " + n + " of " + len + " bytes");
    }
  }

  boolean isControl() {
    return (opcode & 0x8) != 0;
  }

  /** Whether RFC 6455 defines the opcode (the others are reserved for extensions). */
  boolean isKnown() {
    return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
  }

  int payloadLength() {
    return raw.length - payloadOffset;
  }

  /** The payload, unmasked (a copy when masked, else a copy all the same: frames are relayed from raw). */
  byte[] payload() {
    byte[] p = Arrays.copyOfRange(raw, payloadOffset, raw.length);
    if (masked) {
      mask(p, 0, p.length, raw, payloadOffset - 4);
    }
    return p;
  }

  /**
   * Masks or unmasks (the same XOR, RFC 6455 section 5.3) {@code len} bytes of {@code data} from {@code off}
   * with the 4-byte key at {@code key[keyAt]}, eight bytes at a time. The one masking loop: frames the relay
   * reads and frames it writes. {@code key} may be {@code data} itself, before {@code off}.
   */
  static void mask(byte[] data, int off, int len, byte[] key, int keyAt) {
    long k4 = (key[keyAt] & 0xFFL) | (key[keyAt + 1] & 0xFFL) << 8 | (key[keyAt + 2] & 0xFFL) << 16 | (key[keyAt + 3] & 0xFFL) << 24;
    long k8 = k4 | k4 << 32; // little-endian: byte j of the long meets key byte j % 4
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      LONGS.set(data, off + i, (long) LONGS.get(data, off + i) ^ k8);
    }
    for (; i < len; i++) {
      data[off + i] ^= key[keyAt + (i & 3)];
    }
  }

  /** What is wrong with this frame for the side it came from, or null. */
  String problem(boolean fromClient) {
    if (reserved != 0) {
      return "reserved bits set (" + reserved + ") with no extension negotiated";
    }
    if (!isKnown()) {
      return "unknown opcode 0x" + Integer.toHexString(opcode);
    }
    if (isControl() && (!fin || payloadLength() > 125)) {
      return "a control frame must be one frame of at most 125 bytes";
    }
    if (fromClient != masked) {
      return fromClient ? "a client frame must be masked" : "a server frame must not be masked";
    }
    return null;
  }

  /** The close code of a CLOSE frame: 1005 (no status) when it has none. */
  static int closeCode(byte[] payload) {
    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : CloseCodes.NO_STATUS;
  }

  /**
   * What makes a CLOSE frame's payload one RFC 6455 forbids, or null when it is valid: empty (no code), or a
   * code that may be sent (section 7.4) and a reason in UTF-8 (section 8.1). Never repeats the reason.
   */
  static String closeProblem(byte[] payload) {
    if (payload.length == 0) {
      return null;
    }
    if (payload.length == 1) {
      return "a payload of 1 byte, where a close code takes 2";
    }
    int code = closeCode(payload);
    if (!CloseCodes.sendable(code)) {
      return "close code " + code + ", which may not be sent (RFC 6455 7.4)";
    }
    if (Utf8.decode(payload, 2, payload.length - 2) == null) {
      return "a close reason that is not valid UTF-8";
    }
    return null;
  }

  /** The close reason of a CLOSE frame ("" when it has none). */
  static String closeReason(byte[] payload) {
    return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
  }

  /** A whole frame with {@code payload}; masked with a fresh key when sent by the relay to an upstream. */
  static byte[] encode(int opcode, byte[] payload, boolean mask) {
    int len = payload.length;
    int extra = len < 126 ? 0 : len < 65_536 ? 2 : 8;
    int header = 2 + extra + (mask ? 4 : 0);
    byte[] out = new byte[header + len];
    out[0] = (byte) (0x80 | opcode);
    out[1] = (byte) ((mask ? 0x80 : 0) | (extra == 0 ? len : extra == 2 ? 126 : 127));
    for (int i = 0; i < extra; i++) {
      out[2 + i] = (byte) ((long) len >>> (8 * (extra - 1 - i)));
    }
    System.arraycopy(payload, 0, out, header, len);
    if (mask) {
      int key = ThreadLocalRandom.current().nextInt();
      for (int i = 0; i < 4; i++) {
        out[header - 4 + i] = (byte) (key >>> (8 * i));
      }
      mask(out, header, len, out, header - 4);
    }
    return out;
  }

  /** A CLOSE frame with a code and a reason (cut to fit). */
  static byte[] close(int code, String reason, boolean mask) {
    byte[] r = CloseCodes.fit(reason).getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    return encode(CLOSE, p, mask);
  }
}
