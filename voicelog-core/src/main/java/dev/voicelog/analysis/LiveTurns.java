package dev.voicelog.analysis;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns as they happen, from events of any number of sessions arriving as they are written: a live tail,
 * a tap, an OpenTelemetry exporter. Each session gets its own {@code TurnAssembler}; events pass through a
 * short reorder window first, because a backdated event (the user's speech start, reported by the VAD a
 * little later) is written after events that happened after it.
 *
 * <p><b>Rules.</b> An event is handed to its session's assembler once a later event of the session is
 * more than the reorder window ahead of it (by {@code t}), or when the session ends (SESSION_END, or
 * {@link #end(String)}) or at {@link #finish()}. So a turn is handed over once an event more than the
 * window after its end has arrived (a quiet session's last turn waits for its next event or its end).
 * Lines without {@code t} (VoiceMode, Realtime-guide) get one from their timestamp, relative to the first
 * seen for their session; VoiceMode sessions are not stitched live.
 *
 * <p>Not thread-safe: feed it from one thread. The listener is called on that thread.
 */
public final class LiveTurns {
  /** How far behind the newest event of a session an event may arrive and still be put in order. */
  public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofSeconds(2);

  private static final Comparator<LogEvent> ORDER = Comparator.comparingLong(LogEvent::t).thenComparingLong(LogEvent::seq);

  /**
   * Receives turns and the end of sessions.
   *
   * <p>Called on the thread that feeds the {@code LiveTurns}, inside {@link LiveTurns#accept},
   * {@link LiveTurns#end(String)} or {@link LiveTurns#finish()}, one call at a time: an implementation needs no
   * lock unless other threads share its state, and should be quick, as it holds up the feed.
   */
  public interface Listener {
    /** A turn of {@code sessionId} is complete. */
    void turn(String sessionId, Turn turn);

    /** A session ended (or {@link #finish()} was called); its anomalies that belong to no turn. */
    default void sessionEnded(String sessionId, List<Anomaly> conversationAnomalies) {}
  }

  private final AnalysisOptions options;
  private final long windowMicros;
  private final Listener listener;
  private final Map<String, Live> sessions = new HashMap<>();

  /** @param reorderWindow how late (in {@code t}) an event may arrive and still be put in order; see {@link #DEFAULT_REORDER_WINDOW} */
  public LiveTurns(AnalysisOptions options, Duration reorderWindow, Listener listener) {
    this.options = Objects.requireNonNull(options, "options");
    this.windowMicros = reorderWindow.toNanos() / 1_000;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Sessions open (seen, not ended). */
  public int openSessions() {
    return sessions.size();
  }

  /** Adds an event of any session; may hand over turns. */
  public void accept(LogEvent e) {
    String id = e.sessionId() == null ? "(no session) " + e.file() : e.sessionId();
    Live s = sessions.computeIfAbsent(id, k -> new Live(k, e));
    LogEvent timed = e;
    if (e.tDerived() || (e.format() != dev.voicelog.read.LogFormat.NATIVE && e.timestamp() != LogEvent.NO_TIMESTAMP)) {
      timed = e.withT(e.timestamp() - s.firstTimestamp);
    }
    s.add(timed);
    if (e.eventType() == EventType.SESSION_END) {
      end(s);
    } else {
      s.release(s.maxT - windowMicros);
    }
  }

  /**
   * Ends one session as it stands, as its SESSION_END would: hands over its pending events and its last
   * turns, then calls {@link Listener#sessionEnded}. For a consumer that bounds the sessions it follows and
   * gives up on one that has gone quiet. Does nothing when the session is not open; an event of it that
   * comes later starts it anew.
   */
  public void end(String sessionId) {
    Live s = sessions.get(sessionId);
    if (s != null) {
      end(s);
    }
  }

  /** Ends every open session: hands over everything pending. */
  public void finish() {
    for (Live s : new ArrayList<>(sessions.values())) {
      end(s);
    }
  }

  private void end(Live s) {
    s.release(Long.MAX_VALUE);
    s.assembler.finish();
    sessions.remove(s.id);
    listener.sessionEnded(s.id, s.assembler.conversationAnomalies());
  }

  private final class Live {
    final String id;
    final long firstTimestamp;
    final List<LogEvent> pending = new ArrayList<>();
    final TurnAssembler assembler;
    long maxT = Long.MIN_VALUE;

    Live(String id, LogEvent first) {
      this.id = id;
      this.firstTimestamp = first.timestamp();
      this.assembler = new TurnAssembler(options, turn -> listener.turn(id, turn));
    }

    void add(LogEvent e) {
      int at = pending.size();
      while (at > 0 && ORDER.compare(pending.get(at - 1), e) > 0) {
        at--;
      }
      pending.add(at, e);
      maxT = Math.max(maxT, e.t());
    }

    void release(long upTo) {
      int n = 0;
      while (n < pending.size() && pending.get(n).t() <= upTo) {
        assembler.accept(pending.get(n));
        n++;
      }
      pending.subList(0, n).clear();
    }
  }
}
