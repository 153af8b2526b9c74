package dev.voicelog.read;

import dev.voicelog.EventType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers decoded events into sessions and hands each session to a {@link SessionSink}, in order, when it
 * is complete. Lines may arrive in any order: the collector sorts each session itself.
 *
 * <p><b>When a session is complete.</b> A native session when its SESSION_END has been read and every
 * {@code seq} up to SESSION_END's has too (so a shuffled file gives the same sessions); events with a
 * {@code seq} after SESSION_END's are not part of it, wherever their lines are; otherwise, and for
 * formats without {@code seq} (VoiceMode, Realtime-guide), at the end of its file
 * ({@link #endOfFile(String)}) or of the input ({@link #finish()}). Memory is bounded by the sessions open
 * at once, not by the size of the input.
 *
 * <p><b>Honest about loss.</b> Gaps in {@code seq} become {@link Problem.Kind#SEQ_GAP} problems with the
 * count of events lost; a repeated (session, seq) is dropped as {@link Problem.Kind#DUPLICATE}; an event of
 * a session already handed on is reported as {@link Problem.Kind#LATE_EVENT} (an {@code EVENTS_DROPPED}
 * line as {@link Problem.Kind#EVENTS_DROPPED}).
 *
 * <p>Not thread-safe: one collector per feeding thread.
 */
public final class SessionCollector {
  /** How many handed-on session ids are remembered to recognise late events. */
  static final int REMEMBERED_COMPLETED = 65_536;

  static final Comparator<LogEvent> ORDER = Comparator.comparingLong(LogEvent::t)
      .thenComparingLong(LogEvent::seq)
      .thenComparingInt(SessionCollector::rank)
      .thenComparing(LogEvent::type)
      .thenComparing(LogEvent::file)
      .thenComparingLong(LogEvent::line);

  private final SessionSink sink;
  private final Map<String, Open> open = new HashMap<>();
  /** VoiceMode events whose session_id was null, per file, until the file ends. */
  private final Map<String, List<LogEvent>> orphans = new HashMap<>();
  private final Map<String, Boolean> completed = new LinkedHashMap<>(1024, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_COMPLETED;
    }
  };

  /** @param sink receives each complete session and every problem, on the feeding thread */
  public SessionCollector(SessionSink sink) {
    this.sink = sink;
  }

  private static int rank(LogEvent e) {
    return e.eventType() == EventType.SESSION_START ? 0 : e.eventType() == EventType.SESSION_END ? 2 : 1;
  }

  /** Sessions currently open (held in memory). */
  public int openSessions() {
    return open.size();
  }

  /** Adds one event. May hand a session (the one completed by this event) to the sink. */
  public void accept(LogEvent e) {
    String id = e.sessionId();
    if (id == null) {
      orphans.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
      return;
    }
    Open s = open.get(id);
    if (s == null) {
      if (completed.containsKey(id)) {
        late(e);
        return;
      }
      s = new Open(id, e.format(), e.file());
      open.put(id, s);
    }
    if (!s.add(e, sink)) {
      return;
    }
    if (s.isComplete()) {
      complete(s);
    }
  }

  private void late(LogEvent e) {
    sink.problem(lateProblem(e));
  }

  /** An event of a session after its SESSION_END: a problem, not part of the session. */
  static Problem lateProblem(LogEvent e) {
    if (e.eventType() == EventType.EVENTS_DROPPED) {
      long n = e.get("count") instanceof Number c ? c.longValue() : 0;
      return new Problem(e.file(), e.line(), Problem.Kind.EVENTS_DROPPED, n,
          "the writer dropped " + n + " events of session " + e.sessionId() + " after it ended");
    }
    return new Problem(e.file(), e.line(), Problem.Kind.LATE_EVENT, 1,
        e.type() + " of session " + e.sessionId() + " was logged after its SESSION_END; not analysed");
  }

  /**
   * The end of a file: its sessions that cannot know they are complete (formats without {@code seq}) are
   * handed on now, with its null-session VoiceMode events filed under them.
   */
  public void endOfFile(String file) {
    List<Open> done = new ArrayList<>();
    for (Open s : open.values()) {
      if (s.file.equals(file) && !s.hasSeq) {
        done.add(s);
      }
    }
    List<LogEvent> lost = orphans.remove(file);
    if (lost != null) {
      fileOrphans(lost, done, file);
    }
    done.sort(Comparator.comparingLong(Open::firstTimestamp).thenComparing(o -> o.id));
    for (Open s : done) {
      complete(s);
    }
  }

  /** The end of the input: every session still open is handed on, in order of its first timestamp. */
  public void finish() {
    for (String file : new ArrayList<>(orphans.keySet())) {
      endOfFile(file);
    }
    List<Open> rest = new ArrayList<>(open.values());
    rest.sort(Comparator.comparingLong(Open::firstTimestamp).thenComparing(o -> o.id));
    for (Open s : rest) {
      complete(s);
    }
  }

  /** Moves every open session and pending event into {@code other} (merging the halves of a split file). */
  void transferTo(SessionCollector other) {
    for (Map.Entry<String, Boolean> c : completed.entrySet()) {
      if (!open.containsKey(c.getKey())) {
        other.completed.put(c.getKey(), Boolean.TRUE);
      }
    }
    for (Open s : open.values()) {
      for (LogEvent e : s.events) {
        other.accept(e);
      }
    }
    for (List<LogEvent> l : orphans.values()) {
      for (LogEvent e : l) {
        other.accept(e);
      }
    }
    open.clear();
    orphans.clear();
  }

  /** Files each null-session event under the session of its file that started last at or before it. */
  private void fileOrphans(List<LogEvent> events, List<Open> sessions, String file) {
    List<Open> byStart = new ArrayList<>(sessions);
    byStart.sort(Comparator.comparingLong(Open::firstTimestamp).thenComparing(o -> o.id));
    for (LogEvent e : events) {
      Open target = null;
      for (Open s : byStart) {
        if (s.firstTimestamp() <= e.timestamp()) {
          target = s;
        }
      }
      if (target == null) {
        String id = "(no session) " + file;
        target = open.get(id);
        if (target == null) {
          target = new Open(id, e.format(), file);
          open.put(id, target);
          sessions.add(target);
        }
      }
      target.add(e, sink);
    }
  }

  private void complete(Open s) {
    open.remove(s.id);
    if (s.hasSeq) {
      completed.put(s.id, Boolean.TRUE);
    }
    SessionLog log = s.toLog(sink);
    for (Problem p : log.problems()) {
      if (p.kind() == Problem.Kind.SEQ_GAP) { // repeats were reported as they were read
        sink.problem(p);
      }
    }
    sink.session(log);
  }

  /** One session being gathered. */
  private static final class Open {
    final String id;
    final LogFormat format;
    final String file;
    final List<LogEvent> events = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>(0);
    final BitSet seqs = new BitSet();
    boolean hasSeq;
    int distinct;
    long endSeq;
    long maxSeq;
    long dropped;
    long minTimestamp = Long.MAX_VALUE;

    Open(String id, LogFormat format, String file) {
      this.id = id;
      this.format = format;
      this.file = file;
    }

    long firstTimestamp() {
      return minTimestamp;
    }

    /** False when the event was a repeat and was dropped. */
    boolean add(LogEvent e, SessionSink sink) {
      long seq = e.seq();
      if (seq > 0) {
        hasSeq = true;
        if (seq < Integer.MAX_VALUE) {
          int i = (int) seq;
          if (seqs.get(i)) {
            Problem p = new Problem(e.file(), e.line(), Problem.Kind.DUPLICATE, 1,
                "seq " + seq + " of session " + id + " was already read; this repeat is skipped");
            problems.add(p);
            sink.problem(p);
            return false;
          }
          seqs.set(i);
        }
        distinct++;
        maxSeq = Math.max(maxSeq, seq);
        if (e.eventType() == EventType.SESSION_END) {
          endSeq = Math.max(endSeq, seq);
        }
      }
      if (e.eventType() == EventType.EVENTS_DROPPED && e.get("count") instanceof Number n) {
        dropped += n.longValue();
      }
      if (e.timestamp() != LogEvent.NO_TIMESTAMP) {
        minTimestamp = Math.min(minTimestamp, e.timestamp());
      }
      events.add(e);
      return true;
    }

    boolean isComplete() {
      if (endSeq <= 0 || endSeq >= Integer.MAX_VALUE) {
        return false;
      }
      return maxSeq == endSeq ? distinct == endSeq : seqs.get(1, (int) endSeq + 1).cardinality() == endSeq;
    }

    SessionLog toLog(SessionSink sink) {
      List<LogEvent> kept = events;
      long lastSeq = maxSeq;
      if (endSeq > 0 && maxSeq > endSeq) {
        // Logged after SESSION_END (a stray thread): not part of the session, whatever the line order.
        kept = new ArrayList<>(events.size());
        for (LogEvent e : events) {
          if (e.seq() > endSeq) {
            Problem p = lateProblem(e);
            problems.add(p);
            sink.problem(p);
          } else {
            kept.add(e);
          }
        }
        lastSeq = endSeq;
      }
      List<LogEvent> ordered = deriveTimes(kept);
      ordered.sort(ORDER);
      long lost = 0;
      if (hasSeq) {
        for (int from = seqs.nextClearBit(1); from <= lastSeq && from > 0; ) {
          int to = seqs.nextSetBit(from);
          if (to < 0) {
            break;
          }
          long n = to - from;
          lost += n;
          LogEvent after = bySeq(ordered, to);
          Problem p = new Problem(after.file(), after.line(), Problem.Kind.SEQ_GAP, n,
              "session " + id + " skips seq " + (n == 1 ? String.valueOf(from) : from + ".." + (to - 1)) + ": " + n
                  + (n == 1 ? " event" : " events") + " lost");
          problems.add(p);
          from = seqs.nextClearBit(to);
        }
      }
      return new SessionLog(id, format, file, ordered, lost, dropped, problems);
    }

    private static LogEvent bySeq(List<LogEvent> events, long seq) {
      for (LogEvent e : events) {
        if (e.seq() == seq) {
          return e;
        }
      }
      return events.get(0);
    }

    /**
     * Gives events without {@code t} one from their timestamp: relative to the session's clock when some
     * events have both (t = timestamp - (their timestamp - their t)), else to the session's first timestamp.
     */
    private static List<LogEvent> deriveTimes(List<LogEvent> events) {
      long anchor = Long.MIN_VALUE;
      long firstTs = Long.MAX_VALUE;
      boolean anyWithout = false;
      for (LogEvent e : events) {
        if (e.format() == LogFormat.NATIVE) {
          if (anchor == Long.MIN_VALUE && e.timestamp() != LogEvent.NO_TIMESTAMP) {
            anchor = e.timestamp() - e.t();
          }
        } else {
          anyWithout = true;
          firstTs = Math.min(firstTs, e.timestamp());
        }
      }
      List<LogEvent> out = new ArrayList<>(events.size());
      if (!anyWithout) {
        out.addAll(events);
        return out;
      }
      long zero = anchor != Long.MIN_VALUE ? anchor : firstTs;
      for (LogEvent e : events) {
        out.add(e.format() == LogFormat.NATIVE ? e : e.withDerivedT(e.timestamp() - zero));
      }
      return out;
    }
  }
}
