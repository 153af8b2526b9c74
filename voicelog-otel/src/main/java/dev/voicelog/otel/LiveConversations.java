package dev.voicelog.otel;

import dev.voicelog.EventType;
import dev.voicelog.analysis.LiveTurns;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live side: the log's lines, as the {@code LineListener} receives them, become traces. Each line is
 * decoded by the same {@link LineDecoder} that reads files and handed to the analysis's {@link LiveTurns}
 * (the one turn assembler, behind its reorder window: a backdated event, written after events that happened
 * after it, is put back in order by {@code t} as a replay of the file puts it). Every turn it hands over is
 * exported at once, and the conversation's root span when its SESSION_END arrives. So a turn leaves once an
 * event more than the reorder window ({@link LiveTurns#DEFAULT_REORDER_WINDOW}) after it, or its
 * conversation's end, has been logged; and a live trace equals the replay of its file, span for span.
 *
 * <p><b>Memory.</b> A session holds the events of its reorder window, its open turn and a few counters. At
 * most {@link #MAX_OPEN} sessions are kept; beyond that the one idle longest is ended as it stands (its
 * root marked not ended).
 *
 * <p>Not thread-safe: called under the owner's lock (the dispatcher thread, or close).
 */
final class LiveConversations {
  /** Sessions followed at once; the least recently active is ended beyond this. */
  static final int MAX_OPEN = 10_000;

  private final Telemetry telemetry;
  private final LineDecoder decoder;
  private final LiveTurns turns;
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
    this.turns = new LiveTurns(telemetry.analysisOptions(), LiveTurns.DEFAULT_REORDER_WINDOW, this::turn);
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
        end(open.values().iterator().next(), false); // the least recently active
      }
      s = new Live(e.sessionId());
      open.put(e.sessionId(), s);
    }
    s.accept(e);
    if (s.anchor != SpanClock.UNKNOWN) {
      turns.accept(e); // may hand over turns: see turn()
    }
    if (e.eventType() == EventType.SESSION_END) {
      ended.put(e.sessionId(), Boolean.TRUE);
      end(s, true);
    }
  }

  /** A turn the analysis handed over: its spans leave now. */
  private void turn(String sessionId, Turn turn) {
    Live s = open.get(sessionId);
    if (s != null) { // always: a session leaves open only after LiveTurns has ended it
      s.trace().begin(s.first.t());
      s.trace().turn(turn);
    }
  }

  /** Ends a session: its last turns are handed over (if LiveTurns still holds them), then its root span. */
  private void end(Live s, boolean sawEnd) {
    turns.end(s.id);
    open.remove(s.id);
    s.end(sawEnd);
  }

  /** The log closed (or the sink did): every session still open is ended as it stands. */
  void endAll() {
    for (Live s : new ArrayList<>(open.values())) {
      end(s, false);
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

  /** One session being followed: what its root span needs. Its turns are the analysis's. */
  private final class Live {
    final String id;
    final Map<String, Object> fields = new LinkedHashMap<>();
    ConversationTrace trace;
    LogFormat format;
    long anchor = SpanClock.UNKNOWN;
    LogEvent first;
    LogEvent last;
    /** The highest {@code seq} seen and how many lines had one: lost events are the seqs never seen. */
    long maxSeq;
    long seqLines;

    Live(String id) {
      this.id = id;
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
      }
      if (e.seq() > 0) {
        maxSeq = Math.max(maxSeq, e.seq());
        seqLines++;
      }
    }

    /**
     * Events known lost, as a replay of the same log counts them ({@code SessionLog.lostEvents}: the gaps in
     * {@code seq} from 1): the seqs below the highest seen that no line had. An event the writer dropped
     * keeps its seq, so its gap is here whether or not its EVENTS_DROPPED report came before the end (the
     * report is not added: that would count the same events twice). The writer hands each line over once,
     * so no seq is seen twice.
     */
    long lostEvents() {
      return Math.max(0, maxSeq - seqLines);
    }

    ConversationTrace trace() {
      if (trace == null) {
        trace = telemetry.trace(SpanClock.anchoredAt(anchor), id, fields);
      }
      return trace;
    }

    void end(boolean sawEnd) {
      if (anchor == SpanClock.UNKNOWN) {
        return; // no line of it had a timestamp: it cannot be placed in time (the writer always stamps lines)
      }
      Attributes summary = Attributes.builder()
          .put(VoiceAttributes.CONVERSATION_ENDED, sawEnd)
          .put(VoiceAttributes.CONVERSATION_LOST_EVENTS, lostEvents())
          .put(VoiceAttributes.LOG_FORMAT, VoiceAttributes.logFormat(format))
          .put(VoiceAttributes.CONVERSATION_SESSIONS, List.of(id))
          .build();
      trace().begin(first.t());
      trace().end(last.t(), summary);
      conversations++;
    }
  }
}
