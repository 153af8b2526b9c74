package dev.voicelog.tap.realtime;

import java.util.HashSet;
import java.util.Set;

/**
 * What the Realtime interceptors of one connection share: the session configuration in force (from the
 * server's {@code session.created} / {@code session.updated}), the input audio timeline, and which
 * responses have had their first audio. Both directions use it, so every method is synchronized.
 */
final class RealtimeState {
  private SessionConfig config = SessionConfig.DEFAULT;
  private final InputAudioTimeline input = new InputAudioTimeline();
  private final Set<String> responsesWithAudio = new HashSet<>();
  private boolean firstAppendSeen;

  synchronized SessionConfig config() {
    return config;
  }

  synchronized void config(SessionConfig c) {
    this.config = c;
  }

  /** Records forwarded input audio; returns its duration in ms in the input format in force. */
  synchronized double appendInput(long bytes, long forwardedNanos) {
    double ms = SessionConfig.millis(config.input(), bytes);
    input.append(ms * 1000, forwardedNanos);
    return ms;
  }

  synchronized long inputForwardedAt(double positionMs) {
    return input.nanosAt(positionMs);
  }

  synchronized double inputPositionMillis() {
    return input.positionMillis();
  }

  /** True for the session's first append only. */
  synchronized boolean firstAppend() {
    boolean first = !firstAppendSeen;
    firstAppendSeen = true;
    return first;
  }

  /** True for the first audio delta of a response. */
  synchronized boolean firstAudioOf(String responseId) {
    return responsesWithAudio.add(responseId == null ? "" : responseId);
  }

  /** The response is over: forget it (a long session has many). */
  synchronized void responseDone(String responseId) {
    responsesWithAudio.remove(responseId == null ? "" : responseId);
  }
}
