package dev.voicelog.tap.relay;

import java.nio.charset.StandardCharsets;

/** WebSocket close codes (RFC 6455, IANA registry) and the rules for passing a close on to the other side. */
final class CloseCodes {
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  /** 1002: the peer broke the protocol (here: a close frame RFC 6455 forbids). */
  static final int PROTOCOL_ERROR = 1002;
  /** Reserved by RFC 6455, never to be sent. */
  private static final int RESERVED = 1004;
  static final int NO_STATUS = 1005;
  static final int ABNORMAL = 1006;
  /** 1009: a message was longer than the receiver takes. */
  static final int MESSAGE_TOO_BIG = 1009;
  static final int INTERNAL_ERROR = 1011;
  /** 1014 Bad Gateway: the upstream could not be reached or failed. */
  static final int BAD_GATEWAY = 1014;
  static final int TLS_FAILURE = 1015;
  /** From here to 2999, codes are reserved for the protocol and its extensions, none of which is in use. */
  private static final int FIRST_UNASSIGNED = 1016;
  /** The first code for libraries, frameworks and applications (3000-4999). */
  private static final int FIRST_REGISTRABLE = 3000;
  /** A close reason is at most 123 bytes of UTF-8. */
  static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /**
   * Whether a code may appear in a close frame (RFC 6455 section 7.4 and the IANA registry): 1000-1003,
   * 1007-1014 and 3000-4999. 1005, 1006 and 1015 only describe what happened locally; 1004 and 1016-2999 are
   * reserved; below 1000 and from 5000 on are not codes. A peer that receives any other must fail the
   * connection.
   */
  static boolean sendable(int code) {
    return code >= NORMAL && code < 5000 && code != RESERVED && code != NO_STATUS && code != ABNORMAL
        && (code < TLS_FAILURE || code >= FIRST_REGISTRABLE);
  }

  /** The close to send to one side when the other side closed with {@code code}. */
  static int relayed(int code) {
    if (code == NO_STATUS) {
      return NORMAL;
    }
    return sendable(code) ? code : BAD_GATEWAY;
  }

  /** The reason cut to what fits in a close frame, without splitting a character. */
  static String fit(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return reason;
    }
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_REASON_BYTES - 3) {
        return out.append("...").toString();
      }
      out.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
