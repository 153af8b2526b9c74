package dev.voicelog;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One conversation in the log. A process may have any number open at once; every event carries the
 * session's id, a {@code seq} that counts the session's events from 1 and a {@code t}: seconds since the
 * session started, from the monotonic clock, to the microsecond.
 *
 * <p><b>Thread safety.</b> Every method may be called from any thread. Events logged from several threads
 * into one session get {@code seq} values in the order they were queued.
 *
 * <p><b>Blocking and failure.</b> No method does I/O, blocks (unless the log was built with
 * {@link OverflowPolicy#BLOCK}) or throws because of the log: an event that cannot be queued is counted and
 * reported in an {@code EVENTS_DROPPED} line. A session of a disabled {@link VoiceLog} does nothing.
 *
 * <p><b>Turns.</b> A producer that knows its turns says so with {@link #nextTurn()} or {@link #setTurn(int)};
 * later events carry that number. Readers compute turns themselves when events carry none.
 *
 * <p><b>Audio.</b> {@link #audioIn(long, double)} and {@link #audioOut(long, double)} count chunks without
 * writing a line per chunk: the sums since the last report are written as one {@code AUDIO_STATS} event
 * when the turn changes, when the audio-stats interval has passed, and when the session ends.
 */
public final class Session implements AutoCloseable {
  final String id;
  final byte[] quotedId;
  /** The order this session started in its log: its key among the open sessions. */
  final long ordinal;
  /** The monotonic reading that is {@code t = 0}. */
  final long startNanos;
  /** The wall-clock time of {@code t = 0}: every timestamp is this plus {@code t}. */
  final long anchorWallMicros;
  final Object lock = new Object();
  /** The last seq given out; guarded by {@link #lock}. */
  long seq;
  final AtomicLong pendingDrops = new AtomicLong();

  private final VoiceLog log;
  private final AudioCounters audio;
  private volatile int turn;
  private volatile boolean ended;

  Session(VoiceLog log, String id, long ordinal, long startNanos, long anchorWallMicros) {
    this.log = log;
    this.id = id;
    this.ordinal = ordinal;
    JsonBytes q = new JsonBytes(id.length() + 8);
    q.writeString(id);
    this.quotedId = java.util.Arrays.copyOf(q.buf, q.len);
    this.startNanos = startNanos;
    this.anchorWallMicros = anchorWallMicros;
    this.audio = log == null ? null : new AudioCounters(startNanos);
  }

  /** The session id, as written in every line. */
  public String id() {
    return id;
  }

  /**
   * Starts an event of a known type; finish it with {@link EventBuilder#log()}. The builder is reused by
   * this thread: do not keep it after {@code log()}.
   */
  public EventBuilder event(EventType type) {
    if (log == null || type == null) {
      return EventBuilder.NOOP;
    }
    return EventBuilder.acquire(this, type, null);
  }

  /**
   * Starts an event of any type (UPPER_SNAKE_CASE by convention; kept as given). A blank type is logged as
   * {@code "UNKNOWN"} rather than lost.
   */
  public EventBuilder event(String type) {
    if (log == null) {
      return EventBuilder.NOOP;
    }
    EventType known = EventType.fromName(type);
    if (known != null) {
      return EventBuilder.acquire(this, known, null);
    }
    return EventBuilder.acquire(this, null, type == null || type.isBlank() ? "UNKNOWN" : type);
  }

  /** Logs an event with no data, now. */
  public void log(EventType type) {
    event(type).log();
  }

  /** Logs an event with data, now. The map is encoded before this returns; later changes to it do not matter. */
  public void log(EventType type, Map<String, ?> data) {
    event(type).putAll(data).log();
  }

  /** Logs an event of any type with data, now. */
  public void log(String type, Map<String, ?> data) {
    event(type).putAll(data).log();
  }

  /**
   * The current reading of the log's monotonic clock. Use it to give an event the time it occurred
   * ({@link EventBuilder#at(long)}) when that was earlier than the call to {@code log()}.
   */
  public long nanoTime() {
    return log == null ? System.nanoTime() : log.clock.nanoTime();
  }

  /**
   * The reading of the log's monotonic clock that is this session's {@code t = 0}: an event that occurred
   * at monotonic time {@code n} has {@code t = (n - startNanoTime()) / 1e9} (floored to the microsecond).
   */
  public long startNanoTime() {
    return startNanos;
  }

  /** Seconds since the session started, by the monotonic clock. */
  public double elapsedSeconds() {
    return (nanoTime() - startNanos) / 1e9;
  }

  /** The turn later events carry, or 0 when the producer does not track turns. */
  public int turn() {
    return turn;
  }

  /**
   * Sets the turn later events carry. When it changes, the audio counted in the previous turn is written
   * as that turn's {@code AUDIO_STATS}.
   */
  public void setTurn(int newTurn) {
    if (newTurn < 0) {
      newTurn = 0;
    }
    int old;
    synchronized (lock) {
      old = turn;
      turn = newTurn;
    }
    if (old != newTurn && log != null) {
      audio.report(this, "turn", old);
    }
  }

  /** Advances to the next turn and returns its number (1 for the first). */
  public int nextTurn() {
    int next;
    synchronized (lock) {
      next = turn + 1;
      setTurn(next);
    }
    return next;
  }

  /** Counts one chunk of user (inbound) audio. Lock-free; writes nothing by itself. */
  public void audioIn(long bytes, double ms) {
    if (log != null) {
      audio.in(this, bytes, ms);
    }
  }

  /** Counts one chunk of agent (outbound) audio. Lock-free; writes nothing by itself. */
  public void audioOut(long bytes, double ms) {
    if (log != null) {
      audio.out(this, bytes, ms);
    }
  }

  /** Whether {@link #end()} has been called. */
  public boolean isEnded() {
    return ended;
  }

  /** Ends the session: writes its last {@code AUDIO_STATS} and {@code SESSION_END}. Later calls do nothing. */
  public void end() {
    end(Map.of());
  }

  /** Ends the session with data on its {@code SESSION_END} line (a reason, a status). */
  public void end(Map<String, ?> data) {
    if (log == null || ended) {
      return;
    }
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
    }
    audio.report(this, "session_end", turn);
    event(EventType.SESSION_END).putAll(data).log();
    log.sessionEnded(this);
  }

  /** Same as {@link #end()}, for try-with-resources. */
  @Override
  public void close() {
    end();
  }

  VoiceLog log() {
    return log;
  }

  long interval() {
    return log.audioStatsIntervalNanos;
  }

  @Override
  public String toString() {
    return "Session[" + id + "]";
  }
}
