package dev.voicelog.bench.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One benchmark message as the UTF-8 bytes a session sends again and again: its send stamp and its response
 * number are written in place, so a session that sends 50 of them a second allocates nothing. The harness
 * has to be quiet: with a string and three byte arrays per message, its JVM collected garbage every second
 * or so and each pause held up the messages of both routes (BENCHMARKS.md, Realtime proxy, "100 sessions
 * alone, and a harness that makes no garbage").
 *
 * <p>The stamp is {@code System.nanoTime()} as a JSON number right-aligned in {@value #STAMP_WIDTH}
 * characters (spaces before it, which JSON allows); the response number is an {@code event_id} or
 * {@code response_id} of {@code r} and {@value #RESPONSE_WIDTH} digits. {@link #sentNanos(byte[], int)}
 * reads the stamp back from a received copy. Not thread-safe: one per sending thread.
 */
final class StampedMessage {
  /** 20 ms of 24 kHz 16-bit audio, as a client streams it. */
  static final String CHUNK = Base64.getEncoder().encodeToString(new byte[960]);
  static final int STAMP_WIDTH = 19;
  static final int RESPONSE_WIDTH = 6;
  private static final byte[] SENT = "\"sent\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_ID = "\"event_id\":\"r".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final int stampAt;
  private final int responseAt;

  private StampedMessage(String json) {
    this.bytes = json.getBytes(StandardCharsets.UTF_8);
    this.stampAt = indexOf(bytes, bytes.length, SENT) + SENT.length;
    this.responseAt = json.indexOf("_id\":\"r") + 7;
  }

  /** A client's {@code input_audio_buffer.append} of {@link #CHUNK}. */
  static StampedMessage append() {
    return new StampedMessage("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"r" + "0".repeat(RESPONSE_WIDTH)
        + "\",\"sent\":" + " ".repeat(STAMP_WIDTH) + ",\"audio\":\"" + CHUNK + "\"}");
  }

  /** The upstream's {@code response.output_audio.delta} of the same 20 ms of audio. */
  static StampedMessage delta() {
    return new StampedMessage("{\"type\":\"response.output_audio.delta\",\"response_id\":\"r" + "0".repeat(RESPONSE_WIDTH)
        + "\",\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"sent\":" + " ".repeat(STAMP_WIDTH)
        + ",\"delta\":\"" + CHUNK + "\"}");
  }

  /** Sets the response number (0 to 999,999) and stamps the message with the current time; returns its bytes. */
  byte[] stamp(int response) {
    for (int i = responseAt + RESPONSE_WIDTH - 1, n = response; i >= responseAt; i--, n /= 10) {
      bytes[i] = (byte) ('0' + n % 10);
    }
    int i = stampAt + STAMP_WIDTH - 1;
    for (long n = System.nanoTime(); n > 0; n /= 10) { // nanoTime counts from boot here: positive
      bytes[i--] = (byte) ('0' + n % 10);
    }
    while (i >= stampAt) {
      bytes[i--] = ' ';
    }
    return bytes;
  }

  /** The message's text, for a peer that sends strings. */
  String text(int response) {
    return new String(stamp(response), StandardCharsets.UTF_8);
  }

  /** The send stamp of a message received as text. */
  static long sentNanos(String m) {
    byte[] b = m.getBytes(StandardCharsets.UTF_8);
    return sentNanos(b, b.length);
  }

  /** The response number of an append received as text. */
  static int responseOf(String m) {
    byte[] b = m.getBytes(StandardCharsets.UTF_8);
    return responseOf(b, b.length);
  }

  /** The send stamp of a message received as {@code len} bytes of {@code b}. */
  static long sentNanos(byte[] b, int len) {
    int i = indexOf(b, len, SENT) + SENT.length;
    while (b[i] == ' ') {
      i++;
    }
    long n = 0;
    for (; b[i] >= '0' && b[i] <= '9'; i++) {
      n = n * 10 + (b[i] - '0');
    }
    return n;
  }

  /** The response number of an append received as {@code len} bytes of {@code b}: what its answer carries. */
  static int responseOf(byte[] b, int len) {
    int i = indexOf(b, len, EVENT_ID) + EVENT_ID.length;
    int n = 0;
    for (; b[i] >= '0' && b[i] <= '9'; i++) {
      n = n * 10 + (b[i] - '0');
    }
    return n;
  }

  private static int indexOf(byte[] b, int len, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= len; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not a benchmark message: no " + new String(what, StandardCharsets.US_ASCII));
  }
}
