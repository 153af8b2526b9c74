package dev.voicelog.tap.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of a text message: WebSocket text must be valid UTF-8 (RFC 6455 section 8.1). */
final class Utf8 {
  private Utf8() {}

  /**
   * The text of {@code len} bytes of {@code bytes} from {@code off}, or null when they are not valid UTF-8.
   * ASCII, the common case of JSON, takes a fast path.
   */
  static String decode(byte[] bytes, int off, int len) {
    boolean ascii = true;
    for (int i = off, end = off + len; i < end; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, off, len, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
