package dev.voicelog.tap.twilio;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.call.CallAudio;
import dev.voicelog.tap.relay.Direction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Twilio interceptors of one connection know about its stream: whether Twilio has started it and
 * with which {@code streamSid} and media format, the stream clock's place on the session clock, the marks
 * the agent sent and not yet seen echoed, and the call's audio. Both directions use it, so every method is
 * synchronized.
 */
final class StreamState {
  /** Marks remembered until their echo; an agent that never gets echoes does not fill memory. */
  static final int MARKS_KEPT = 256;
  private static final long UNSET = Long.MIN_VALUE;
  /** The stream time during which the least delayed frame sets the stream clock's start. */
  static final long ANCHOR_SETTLE_MS = 1_000;

  /** A mark the agent sent: when, and when the playout model expects Twilio to reach it. */
  record Mark(long sentNanos, long expectedNanos, boolean cleared) {}

  final CallAudio audio;
  private String streamSid;
  private boolean started;
  private AudioFormat format = AudioFormat.TWILIO_MULAW;
  private long anchor = UNSET;
  private boolean inboundSeen;
  private boolean outboundSeen;
  private final Map<String, Mark> marks = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Mark> eldest) {
      return size() > MARKS_KEPT;
    }
  };

  StreamState(CallAudio audio) {
    this.audio = audio;
  }

  synchronized void start(String sid, AudioFormat f) {
    started = true;
    streamSid = sid;
    if (f != null) {
      format = f;
    }
  }

  synchronized boolean started() {
    return started;
  }

  synchronized String streamSid() {
    return streamSid;
  }

  synchronized AudioFormat format() {
    return format;
  }

  /**
   * Where the stream's time {@code timestampMs} is on the session clock, given that a frame of
   * {@code durationNanos} stamped with it arrived at {@code arrivedNanos}. The stream's clock started at
   * the earliest moment the frames of its first {@value #ANCHOR_SETTLE_MS} ms allow (arrival minus
   * timestamp minus duration: a frame leaves once its last sample is captured, and the network only ever
   * makes it later, so the earliest is the least delayed); from then on it is fixed, so arrival jitter
   * does not move the caller's speech, and durations on the stream's clock come out the same at any speed
   * the frames are sent (a replay).
   */
  synchronized long place(long timestampMs, long durationNanos, long arrivedNanos) {
    long candidate = arrivedNanos - timestampMs * 1_000_000L - durationNanos;
    if (anchor == UNSET || (timestampMs < ANCHOR_SETTLE_MS && candidate < anchor)) {
      anchor = candidate;
    }
    return anchor + timestampMs * 1_000_000L;
  }

  /** True for the first media message of a direction (its line is logged). */
  synchronized boolean firstMedia(Direction d) {
    boolean inbound = d == Direction.CLIENT_TO_UPSTREAM;
    boolean first = inbound ? !inboundSeen : !outboundSeen;
    if (inbound) {
      inboundSeen = true;
    } else {
      outboundSeen = true;
    }
    return first;
  }

  synchronized void markSent(String name, long sentNanos, long expectedNanos) {
    marks.put(String.valueOf(name), new Mark(sentNanos, expectedNanos, false));
  }

  /** The agent cleared Twilio's queue: every mark still pending comes back at once. */
  synchronized void cleared() {
    marks.replaceAll((k, m) -> new Mark(m.sentNanos(), m.expectedNanos(), true));
  }

  /** The mark Twilio echoed, forgotten now; null when it was never sent (or long forgotten). */
  synchronized Mark markEchoed(String name) {
    return marks.remove(String.valueOf(name));
  }
}
