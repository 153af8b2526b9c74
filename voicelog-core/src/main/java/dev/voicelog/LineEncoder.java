package dev.voicelog;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one native line (../shared/DESIGN.md, "The event line") from a {@link Slot}:
 *
 * <pre>{"timestamp":"2026-11-21T15:30:45.123456Z","event_type":"TTS_START","session_id":"conv_1","seq":17,"t":12.345678,"turn":3,"data":{...}}</pre>
 *
 * <p>Field order is fixed; {@code seq} is absent only on the writer's own {@code EVENTS_DROPPED} lines,
 * {@code turn} when the producer does not track turns; {@code data} is always present ({@code {}} when
 * empty) so that readers of the seed's format find it. Writer thread only.
 */
final class LineEncoder {
  private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
  private static final byte[] EVENT_TYPE = ascii(",\"event_type\":");
  private static final byte[] SESSION_ID = ascii(",\"session_id\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] T = ascii(",\"t\":");
  private static final byte[] TURN = ascii(",\"turn\":");
  private static final byte[] DATA = ascii(",\"data\":");
  private static final byte[] END = ascii("}\n");

  private final UtcTime time = new UtcTime();

  void encode(JsonBytes out, Slot s, long epochMicros) {
    out.writeBytes(TIMESTAMP);
    time.writeTimestamp(out, epochMicros);
    out.writeBytes(EVENT_TYPE);
    if (s.type != null) {
      out.writeBytes(s.type.quotedName);
    } else {
      out.writeString(s.customType);
    }
    out.writeBytes(SESSION_ID);
    out.writeBytes(s.session.quotedId);
    if (s.seq > 0) {
      out.writeBytes(SEQ);
      out.writeLong(s.seq);
    }
    out.writeBytes(T);
    out.writeMicrosAsSeconds(s.tMicros);
    if (s.turn > 0) {
      out.writeBytes(TURN);
      out.writeLong(s.turn);
    }
    out.writeBytes(DATA);
    out.writeBytes(s.data, 0, s.dataLen);
    out.writeBytes(END);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
