package dev.voicelog.tap.call;

/**
 * The named mistakes a telephony tap diagnoses on the wire: the reasons a caller hears nothing, or hears
 * it badly (seeds/004's "silent call"), and the ways a stream can be broken. Each is logged as an
 * {@code ERROR} line whose {@code anomaly} is {@link #id()}, so {@code voicelog summary} lists it with its
 * turn, and printed on the tap's console. See docs/telephony-taps.md. Immutable and thread-safe.
 */
public enum Diagnostic {
  /** Twilio: the agent sent media before the stream's {@code start}; Twilio drops it. */
  MEDIA_BEFORE_START("media_before_start"),
  /** Twilio: the agent's media, mark or clear names no stream or another stream; Twilio drops it. */
  WRONG_STREAM_SID("wrong_stream_sid"),
  /** The agent's audio is not in the encoding the line carries (PCM16 sent as mu-law), by the audio doctor. */
  OUTBOUND_WRONG_ENCODING("outbound_wrong_encoding"),
  /** The agent's audio frames are of odd sizes: half a sample, or not whole 20 ms frames. */
  OUTBOUND_FRAME_SIZE("outbound_frame_size"),
  /** A playback of the agent's that is all silence: nothing the caller could hear. */
  OUTBOUND_SILENCE("outbound_silence"),
  /** The agent's audio arrived slower than real time: the caller heard gaps in it. */
  OUTBOUND_SLOW("outbound_slow"),
  /** A message or frame that does not follow the protocol (not JSON, a bad header, bad base64). */
  MALFORMED("malformed"),
  /** The stream ended in the middle of a frame. */
  TRUNCATED_FRAME("truncated_frame"),
  /** The frames of a stream could not be found again after a malformed one: the rest is relayed unread. */
  STREAM_LOST("stream_lost");

  private final String id;

  Diagnostic(String id) {
    this.id = id;
  }

  /** The name written as {@code anomaly} in the log line. */
  public String id() {
    return id;
  }
}
