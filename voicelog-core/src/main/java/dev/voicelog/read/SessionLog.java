package dev.voicelog.read;

import dev.voicelog.EventType;
import java.util.List;

/**
 * One session as read: its events in order and what was lost of it. Produced by {@link SessionCollector}
 * when the session is complete. Immutable and thread-safe.
 *
 * <p><b>Order.</b> Events are sorted by {@code t}, then {@code seq}; events of formats without {@code seq}
 * that share a {@code t} are put SESSION_START first, SESSION_END last and otherwise by type name, so the
 * order never depends on the order of the lines in the file.
 */
public final class SessionLog {
  private final String id;
  private final LogFormat format;
  private final String file;
  private final List<LogEvent> events;
  private final long lostEvents;
  private final long droppedReported;
  private final List<Problem> problems;

  SessionLog(String id, LogFormat format, String file, List<LogEvent> events, long lostEvents, long droppedReported,
      List<Problem> problems) {
    this.id = id;
    this.format = format;
    this.file = file;
    this.events = List.copyOf(events);
    this.lostEvents = lostEvents;
    this.droppedReported = droppedReported;
    this.problems = List.copyOf(problems);
  }

  /**
   * The session id: as written for native and VoiceMode lines (VoiceMode lines whose id is null are filed
   * under the session of their file that had started last before them, or {@code "(no session) FILE"}),
   * the file's name for Realtime-guide files.
   */
  public String id() {
    return id;
  }

  /** The format of the session's first line. */
  public LogFormat format() {
    return format;
  }

  /** The file of the session's first line. */
  public String file() {
    return file;
  }

  /** The events, in order (see the class comment); never empty. */
  public List<LogEvent> events() {
    return events;
  }

  /** Events known lost: the sum of the gaps in {@code seq}. */
  public long lostEvents() {
    return lostEvents;
  }

  /** Events the writer said it dropped ({@code EVENTS_DROPPED} lines of this session). */
  public long droppedReported() {
    return droppedReported;
  }

  /** The problems of this session (gaps in {@code seq}, repeated lines), also given to the sink. */
  public List<Problem> problems() {
    return problems;
  }

  /** Whether the session's SESSION_END was read. */
  public boolean ended() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).eventType() == EventType.SESSION_END) {
        return true;
      }
    }
    return false;
  }

  /** The earliest timestamp of the session, or {@link LogEvent#NO_TIMESTAMP}. */
  public long firstTimestamp() {
    long min = LogEvent.NO_TIMESTAMP;
    for (LogEvent e : events) {
      if (e.timestamp() != LogEvent.NO_TIMESTAMP && (min == LogEvent.NO_TIMESTAMP || e.timestamp() < min)) {
        min = e.timestamp();
      }
    }
    return min;
  }

  /** The latest timestamp of the session, or {@link LogEvent#NO_TIMESTAMP}. */
  public long lastTimestamp() {
    long max = LogEvent.NO_TIMESTAMP;
    for (LogEvent e : events) {
      if (e.timestamp() != LogEvent.NO_TIMESTAMP && e.timestamp() > max) {
        max = e.timestamp();
      }
    }
    return max;
  }

  @Override
  public String toString() {
    return "SessionLog[" + id + ", " + events.size() + " events, " + format + ", " + file + "]";
  }
}
