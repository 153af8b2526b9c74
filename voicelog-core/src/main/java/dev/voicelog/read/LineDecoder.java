package dev.voicelog.read;

import dev.voicelog.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns the lines of one file into {@link LogEvent}s, recognising each line's {@link LogFormat} from the
 * fields it has: {@code event_data} (or {@code eventData}) means seeds/002's Realtime-guide format, a
 * {@code t} means native, anything else with a {@code timestamp} is read as VoiceMode.
 *
 * <p><b>Tolerant and honest.</b> A line that cannot be used is reported to the problem consumer as
 * {@link Problem.Kind#MALFORMED} with its line number and what was expected (or as
 * {@link Problem.Kind#TORN_LAST_LINE} when it is the file's unterminated last line), and decoding goes on
 * with the next line. Blank lines are skipped silently. Nothing here throws for bad input.
 *
 * <p><b>Cost.</b> One pass over the line's bytes: the top-level fields are decoded, {@code data} is
 * validated and kept as bytes for {@link LogEvent#data()} to decode on demand; session ids and event types
 * seen before are reused, not re-allocated.
 *
 * <p>Not thread-safe: one decoder per file per reading thread.
 */
public final class LineDecoder {
  private final String file;
  private final String fileSession;
  private final Consumer<Problem> problems;
  private final JsonScanner json = new JsonScanner();
  private final StringCache sessions = new StringCache(false);
  private final StringCache types = new StringCache(true);
  private final boolean[] offset = new boolean[1];

  /**
   * @param file the file's name as given to the reader; it names problems and events, and (without its
   *     directory and {@code .jsonl}/{@code .gz} extensions) the session of Realtime-guide lines
   * @param problems receives every problem, on the decoding thread
   */
  public LineDecoder(String file, Consumer<Problem> problems) {
    this.file = file;
    this.fileSession = sessionNameOf(file);
    this.problems = problems;
  }

  static String sessionNameOf(String file) {
    String name = file.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    for (String ext : new String[] {".jsonl", ".ndjson", ".json", ".log"}) {
      if (name.endsWith(ext)) {
        return name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  /** The file this decoder reads. */
  public String file() {
    return file;
  }

  /** Decodes a line held in a string (tests, small inputs). */
  public LogEvent decode(String line, long lineNumber) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return decode(b, 0, b.length, lineNumber, false);
  }

  /**
   * Decodes one line (without its newline).
   *
   * @param lineNumber the 1-based line number
   * @param unterminated true when this is the file's last line and it has no newline: if it cannot be
   *     decoded it is reported as a torn line rather than as malformed
   * @return the event, or null when the line was blank or was reported as a problem
   */
  public LogEvent decode(byte[] b, int off, int len, long lineNumber, boolean unterminated) {
    int end = off + len;
    while (end > off && (b[end - 1] == '\r' || b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    if (lineNumber == 1 && end - off >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
      off += 3; // a UTF-8 byte order mark
    }
    json.reset(b, off, end);
    if (json.atEnd()) {
      return null;
    }
    try {
      return fields(lineNumber);
    } catch (JsonScanner.SyntaxError e) {
      report(lineNumber, unterminated, e.getMessage());
      return null;
    } catch (Invalid e) {
      report(lineNumber, unterminated, e.getMessage());
      return null;
    }
  }

  private void report(long lineNumber, boolean unterminated, String message) {
    if (unterminated) {
      problems.accept(new Problem(file, lineNumber, Problem.Kind.TORN_LAST_LINE, 1,
          "the last line is incomplete (no newline; " + message + "): the writer stopped mid-line"));
    } else {
      problems.accept(new Problem(file, lineNumber, Problem.Kind.MALFORMED, 1, message));
    }
  }

  /** A field that must hold a number and holds something else: the line is skipped, the field named. */
  private void requireNumber(String field) throws JsonScanner.SyntaxError, Invalid {
    int c = json.peek();
    if (c != '-' && (c < '0' || c > '9')) {
      json.skipValue();
      throw new Invalid(field + " is not a number");
    }
  }

  private LogEvent fields(long lineNumber) throws JsonScanner.SyntaxError, Invalid {
    if (json.peek() != '{') {
      throw new Invalid("not a JSON object (a line must be one event object)");
    }
    json.consume('{');
    long timestamp = LogEvent.NO_TIMESTAMP;
    boolean hasOffset = false;
    String badTimestamp = null;
    StringCache.Entry type = null;
    String sessionId = null;
    boolean sessionSeen = false;
    boolean sessionNotString = false;
    long seq = 0;
    long t = 0;
    boolean hasT = false;
    int turn = 0;
    int dataFrom = -1;
    int dataTo = -1;
    boolean realtime = false;
    if (!json.consume('}')) {
      do {
        int k = json.scanString();
        boolean escaped = k < 0;
        int kFrom = escaped ? -k - 1 : k;
        int kTo = json.position() - 1;
        String key = escaped ? json.decodeString(kFrom, kTo, true) : null;
        json.expect(':', "':'");
        switch (keyOf(kFrom, kTo, key)) {
          case TIMESTAMP -> {
            if (json.peek() == '"') {
              int s = json.scanString();
              if (s < 0) {
                badTimestamp = "timestamp is not ISO-8601";
              } else {
                timestamp = Timestamps.parse(json.bytes(), s, json.position() - 1, offset);
                hasOffset = offset[0];
                if (timestamp == Timestamps.INVALID) {
                  timestamp = LogEvent.NO_TIMESTAMP;
                  badTimestamp = "timestamp \"" + new String(json.bytes(), s, Math.min(40, json.position() - 1 - s),
                      StandardCharsets.UTF_8) + "\" is not ISO-8601";
                }
              }
            } else if (json.peek() == 'n') {
              json.skipValue();
            } else {
              json.skipValue();
              badTimestamp = "timestamp is not a string";
            }
          }
          case EVENT_TYPE -> {
            if (json.peek() != '"') {
              json.skipValue();
              throw new Invalid("event_type is not a string");
            }
            int s = json.scanString();
            type = s < 0 ? types.get(json.decodeString(-s - 1, json.position() - 1, true))
                : types.get(json.bytes(), s, json.position() - 1);
          }
          case SESSION_ID -> {
            sessionSeen = true;
            int c = json.peek();
            if (c == '"') {
              int s = json.scanString();
              sessionId = s < 0 ? json.decodeString(-s - 1, json.position() - 1, true)
                  : sessions.get(json.bytes(), s, json.position() - 1).value;
            } else if (c == 'n') {
              json.skipValue();
              sessionId = null;
            } else {
              json.skipValue();
              sessionNotString = true;
            }
          }
          case SEQ -> {
            if (json.peek() == 'n') {
              json.skipValue();
            } else {
              requireNumber("seq");
              seq = json.readLong("seq as a whole number");
              if (seq <= 0) {
                throw new Invalid("seq must be 1 or more, not " + seq);
              }
            }
          }
          case T -> {
            if (json.peek() == 'n') {
              json.skipValue();
            } else {
              requireNumber("t");
              t = json.readMicros();
              hasT = true;
            }
          }
          case TURN -> {
            if (json.peek() == 'n') {
              json.skipValue();
            } else {
              requireNumber("turn");
              long v = json.readLong("turn as a whole number");
              if (v < 0 || v > Integer.MAX_VALUE) {
                throw new Invalid("turn must be between 0 and " + Integer.MAX_VALUE + ", not " + v);
              }
              turn = (int) v;
            }
          }
          case DATA, EVENT_DATA -> {
            boolean isEventData = keyOf(kFrom, kTo, key) == Key.EVENT_DATA;
            realtime |= isEventData;
            int c = json.peek();
            if (c == '{') {
              json.skipWhitespace();
              int from = json.position();
              json.skipValue();
              dataFrom = from;
              dataTo = json.position();
            } else if (c == 'n') {
              json.skipValue();
            } else {
              json.skipValue();
              throw new Invalid((isEventData ? "event_data" : "data") + " is not an object");
            }
          }
          default -> json.skipValue();
        }
      } while (json.consume(','));
      json.expect('}', "',' or '}'");
    }
    if (!json.atEnd()) {
      throw json.error("the end of the line after the event object");
    }
    if (type == null) {
      throw new Invalid("no event_type");
    }
    LogFormat format = realtime ? LogFormat.REALTIME_GUIDE : hasT ? LogFormat.NATIVE : LogFormat.VOICEMODE;
    if (badTimestamp != null && (format != LogFormat.NATIVE)) {
      throw new Invalid(badTimestamp);
    }
    if (format != LogFormat.NATIVE && timestamp == LogEvent.NO_TIMESTAMP) {
      throw new Invalid("neither t nor timestamp: the event cannot be placed in time");
    }
    if (sessionNotString) {
      throw new Invalid("session_id is not a string");
    }
    if (format == LogFormat.REALTIME_GUIDE) {
      sessionId = fileSession;
    } else if (format == LogFormat.NATIVE && sessionId == null) {
      throw new Invalid(sessionSeen ? "session_id is null" : "no session_id");
    }
    if (badTimestamp != null) { // one problem per line: reported only once the event is known to be kept
      problems.accept(new Problem(file, lineNumber, Problem.Kind.MALFORMED, 1, badTimestamp + "; the event is kept (it has t)"));
    }
    byte[] data = dataFrom < 0 ? null : Arrays.copyOfRange(json.bytes(), dataFrom, dataTo);
    return new LogEvent(sessionId, type.value, type.type, seq, t, false, timestamp, hasOffset, turn, data, null, file,
        lineNumber, format);
  }

  private enum Key { TIMESTAMP, EVENT_TYPE, SESSION_ID, SEQ, T, TURN, DATA, EVENT_DATA, OTHER }

  private Key keyOf(int from, int to, String decoded) {
    if (decoded != null) {
      return switch (decoded) {
        case "timestamp" -> Key.TIMESTAMP;
        case "event_type", "eventType" -> Key.EVENT_TYPE;
        case "session_id", "sessionId" -> Key.SESSION_ID;
        case "seq" -> Key.SEQ;
        case "t" -> Key.T;
        case "turn" -> Key.TURN;
        case "data" -> Key.DATA;
        case "event_data", "eventData" -> Key.EVENT_DATA;
        default -> Key.OTHER;
      };
    }
    byte[] b = json.bytes();
    switch (to - from) {
      case 1:
        return b[from] == 't' ? Key.T : Key.OTHER;
      case 3:
        return json.contentEquals(from, to, "seq") ? Key.SEQ : Key.OTHER;
      case 4:
        return json.contentEquals(from, to, "data") ? Key.DATA : json.contentEquals(from, to, "turn") ? Key.TURN : Key.OTHER;
      case 9:
        return json.contentEquals(from, to, "timestamp") ? Key.TIMESTAMP
            : json.contentEquals(from, to, "eventType") ? Key.EVENT_TYPE
            : json.contentEquals(from, to, "sessionId") ? Key.SESSION_ID
            : json.contentEquals(from, to, "eventData") ? Key.EVENT_DATA : Key.OTHER;
      case 10:
        return json.contentEquals(from, to, "event_type") ? Key.EVENT_TYPE
            : json.contentEquals(from, to, "session_id") ? Key.SESSION_ID
            : json.contentEquals(from, to, "event_data") ? Key.EVENT_DATA : Key.OTHER;
      default:
        return Key.OTHER;
    }
  }

  /** A line that is valid JSON but not a usable event. */
  private static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reuses the strings of recurring byte sequences (session ids, event types): a direct-mapped cache, so a
   * line of a session seen before allocates no new id. Collisions just replace the slot.
   */
  static final class StringCache {
    private static final int SLOTS = 1024;
    private final Entry[] slots = new Entry[SLOTS];
    private final boolean resolveTypes;

    StringCache(boolean resolveTypes) {
      this.resolveTypes = resolveTypes;
    }

    static final class Entry {
      final byte[] key;
      final String value;
      final EventType type;

      Entry(byte[] key, String value, EventType type) {
        this.key = key;
        this.value = value;
        this.type = type;
      }
    }

    Entry get(byte[] b, int from, int to) {
      int h = 1;
      for (int i = from; i < to; i++) {
        h = 31 * h + b[i];
      }
      int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
      Entry e = slots[slot];
      if (e != null && Arrays.equals(e.key, 0, e.key.length, b, from, to)) {
        return e;
      }
      byte[] key = Arrays.copyOfRange(b, from, to);
      String value = new String(key, StandardCharsets.UTF_8);
      e = entry(key, value);
      slots[slot] = e;
      return e;
    }

    Entry get(String decoded) {
      return entry(decoded.getBytes(StandardCharsets.UTF_8), decoded);
    }

    private Entry entry(byte[] key, String value) {
      EventType known = resolveTypes ? EventType.fromName(value) : null;
      return new Entry(key, known != null ? known.name() : value, known);
    }
  }
}
