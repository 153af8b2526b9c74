package dev.voicelog.otel;

import dev.voicelog.EventType;
import dev.voicelog.analysis.TurnAssembler;
import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live side: the log's lines, as the {@code LineListener} receives them, become traces. Each line is
 * decoded by the same {@link LineDecoder} that reads files and fed to its session's {@link TurnAssembler}
 * (the one assembler); every turn it completes is exported at once, and the conversation's root span when
 * its SESSION_END arrives.
 *
 * <p><b>Memory.</b> A session holds its open turn and a few counters. At most {@link #MAX_OPEN} sessions are
 * kept; beyond that the one idle longest is ended as it stands (its root marked not ended).
 *
 * <p>Not thread-safe: called under the owner's lock (the dispatcher thread, or close).
 */
final class LiveConversations {
  /** Sessions followed at once; the least recently active is ended beyond this. */
  static final int MAX_OPEN = 10_000;

  private final Telemetry telemetry;
  private final LineDecoder decoder;
  private final Map<String, Live> open = new LinkedHashMap<>(64, 0.75f, true);
  /** Sessions recently ended: a line of theirs that comes later (the writer's EVENTS_DROPPED) starts no new trace. */
  private final Map<String, Boolean> ended = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_OPEN;
    }
  };
  private volatile long lineNumber; // written under the owner's lock; read by tests
  private long malformed;
  private long lateLines;
  private long conversations;

  LiveConversations(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.decoder = new LineDecoder("(live)", problem -> malformed++);
  }

  /** One written line. */
  void line(byte[] line) {
    LogEvent e = decoder.decode(line, 0, line.length, ++lineNumber, false);
    if (e == null || e.sessionId() == null) {
      return;
    }
    Live s = open.get(e.sessionId());
    if (s == null) {
      if (ended.containsKey(e.sessionId())) {
        lateLines++;
        return;
      }
      if (open.size() >= MAX_OPEN) {
        Iterator<Live> eldest = open.values().iterator();
        Live idle = eldest.next();
        eldest.remove();
        idle.end(false);
      }
      s = new Live(e.sessionId());
      open.put(e.sessionId(), s);
    }
    s.accept(e);
    if (e.eventType() == EventType.SESSION_END) {
      open.remove(e.sessionId());
      ended.put(e.sessionId(), Boolean.TRUE);
      s.end(true);
    }
  }

  /** The log closed (or the sink did): every session still open is ended as it stands. */
  void endAll() {
    List<Live> rest = new ArrayList<>(open.values());
    open.clear();
    for (Live s : rest) {
      s.end(false);
    }
  }

  /** Lines received so far. */
  long linesSeen() {
    return lineNumber;
  }

  /** Lines that could not be decoded (none, unless the writer and the reader disagree). */
  long malformedLines() {
    return malformed;
  }

  /** Lines of sessions that had already ended (not traced). */
  long lateLines() {
    return lateLines;
  }

  /** Conversations ended and exported. */
  long conversations() {
    return conversations;
  }

  /** One session being followed. */
  private final class Live {
    final String id;
    final TurnAssembler turns;
    final Map<String, Object> fields = new LinkedHashMap<>();
    ConversationTrace trace;
    LogFormat format;
    long anchor = SpanClock.UNKNOWN;
    LogEvent first;
    LogEvent last;
    long lostEvents;

    Live(String id) {
      this.id = id;
      this.turns = new TurnAssembler(telemetry.analysisOptions(), turn -> {
        trace().begin(first.t());
        trace().turn(turn);
      });
    }

    void accept(LogEvent e) {
      if (anchor == SpanClock.UNKNOWN) {
        anchor = SpanClock.anchorOf(e);
        format = e.format();
      }
      if (first == null || e.t() < first.t()) {
        first = e;
      }
      if (last == null || e.t() >= last.t()) {
        last = e;
      }
      if (e.eventType() == EventType.SESSION_START) {
        for (Map.Entry<String, Object> f : e.data().entrySet()) {
          if (EventFields.isScalar(f.getValue())) {
            fields.putIfAbsent(f.getKey(), f.getValue());
          }
        }
      } else if (e.eventType() == EventType.EVENTS_DROPPED && e.get("count") instanceof Number n) {
        lostEvents += n.longValue();
      }
      if (anchor != SpanClock.UNKNOWN) {
        turns.accept(e);
      }
    }

    ConversationTrace trace() {
      if (trace == null) {
        trace = telemetry.trace(SpanClock.anchoredAt(anchor), id, fields);
      }
      return trace;
    }

    void end(boolean ended) {
      if (anchor == SpanClock.UNKNOWN) {
        return; // no line of it had a timestamp: it cannot be placed in time (the writer always stamps lines)
      }
      turns.finish();
      Attributes summary = Attributes.builder()
          .put(VoiceAttributes.CONVERSATION_ENDED, ended)
          .put(VoiceAttributes.CONVERSATION_LOST_EVENTS, lostEvents)
          .put(VoiceAttributes.LOG_FORMAT, VoiceAttributes.logFormat(format))
          .put(VoiceAttributes.CONVERSATION_SESSIONS, List.of(id))
          .build();
      trace().begin(first.t());
      trace().end(last.t(), summary);
      conversations++;
    }
  }
}
