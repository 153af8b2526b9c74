package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * What the Realtime interceptors of one connection share: the session configuration in force (from the
 * server's {@code session.created} / {@code session.updated}), the input audio timeline, and which
 * responses have had their first audio. Both directions use it, so every method is synchronized.
 */
final class RealtimeState {
  /** Client session.update requests not answered yet kept at most (a server that never answers them). */
  static final int MAX_PENDING_REQUESTS = 16;

  private SessionConfig config = SessionConfig.DEFAULT;
  /** The client's session.update requests the server has not answered yet, oldest first. */
  private final ArrayDeque<Request> pending = new ArrayDeque<>();
  private final InputAudioTimeline input = new InputAudioTimeline();
  private final Set<String> responsesWithAudio = new HashSet<>();
  private boolean firstAppendSeen;

  synchronized SessionConfig config() {
    return config;
  }

  private record Request(String eventId, JsonNode session) {}

  /**
   * The client sent a {@code session.update} (recorded before it is forwarded, so before the server can
   * answer): its input format and turn detection are in force at once for what the client sends next.
   */
  synchronized void requested(String eventId, JsonNode session) {
    if (pending.size() == MAX_PENDING_REQUESTS) {
      pending.removeFirst();
    }
    pending.addLast(new Request(eventId, session));
    config = config.requested(session);
  }

  /**
   * The server's whole session ({@code session.created}, or a {@code session.updated} answering the oldest
   * request): the truth, with the requests it has not answered yet still in force on top, since the server
   * applies them to the audio that follows them.
   */
  synchronized void fromServer(JsonNode session, boolean answersARequest) {
    if (answersARequest) {
      pending.pollFirst();
    }
    SessionConfig c = SessionConfig.parse(session, config);
    for (Request r : pending) {
      c = c.requested(r.session());
    }
    config = c;
  }

  /** The server refused the client event {@code eventId}: if it was a pending request, it never takes effect. */
  synchronized void refused(String eventId) {
    if (eventId == null) {
      return;
    }
    for (Iterator<Request> it = pending.iterator(); it.hasNext(); ) {
      if (eventId.equals(it.next().eventId())) {
        it.remove();
        return;
      }
    }
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
