package dev.voicelog.read;

import java.util.Objects;

/**
 * Something wrong with the input itself (not with the conversation it records): a line that could not be
 * used, lost or repeated events, a file that ended badly. Readers report problems and go on; they never
 * throw for them. Immutable and thread-safe.
 */
public final class Problem {
  /** What kind of problem. Immutable and thread-safe. */
  public enum Kind {
    /** A line that is not a usable event (not JSON, no event_type, a bad timestamp...); it was skipped. */
    MALFORMED,
    /** The file's last line has no newline and is not valid: a writer stopped mid-line (a crash). */
    TORN_LAST_LINE,
    /** Events of a session are missing: its {@code seq} skips {@link #count()} numbers. */
    SEQ_GAP,
    /** A line repeats a (session, seq) already read; the repeat was skipped. */
    DUPLICATE,
    /** An event of a session that had already ended and been analysed; it was not analysed. */
    LATE_EVENT,
    /** The writer reported events it could not write ({@code EVENTS_DROPPED}, {@link #count()} events). */
    EVENTS_DROPPED,
    /** The file could not be read to its end (an I/O error, a truncated gzip stream). */
    UNREADABLE
  }

  private final String file;
  private final long line;
  private final Kind kind;
  private final long count;
  private final String message;

  /**
   * @param file the file as named to the reader
   * @param line 1-based line number, or 0 when the problem is not about one line
   * @param count how many events, for {@link Kind#SEQ_GAP} and {@link Kind#EVENTS_DROPPED}; else 1
   * @param message what was expected or what happened, for people
   */
  public Problem(String file, long line, Kind kind, long count, String message) {
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.count = count;
    this.message = Objects.requireNonNull(message, "message");
  }

  /** The file as it was named to the reader. */
  public String file() {
    return file;
  }

  /** The 1-based line number, or 0 when the problem is about no single line. */
  public long line() {
    return line;
  }

  /** What kind of problem. */
  public Kind kind() {
    return kind;
  }

  /** Events concerned: the lost ones of a gap, the dropped ones of a report; 1 otherwise. */
  public long count() {
    return count;
  }

  /** What was expected or what happened, for people (one line, no trailing period). */
  public String message() {
    return message;
  }

  /** {@code file:line: message}, the way compilers report. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Problem p && p.file.equals(file) && p.line == line && p.kind == kind && p.count == count
        && p.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, kind, count, message);
  }
}
