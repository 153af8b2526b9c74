package dev.voicelog.analysis;

import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import dev.voicelog.read.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conversation: a native or Realtime session, or consecutive VoiceMode sessions stitched together
 * (see {@link ConversationAssembler}). Its turns, every anomaly, the problems of its lines and the data
 * fields that describe it (provider, voice, model...). Immutable and thread-safe.
 */
public final class Conversation {
  private final String id;
  private final List<String> sessionIds;
  private final List<String> files;
  private final LogFormat format;
  private final long startTimestamp;
  private final long durationMicros;
  private final boolean ended;
  private final long lostEvents;
  private final List<Turn> turns;
  private final List<Anomaly> anomalies;
  private final List<Problem> problems;
  private final Map<String, Object> fields;
  private final List<LogEvent> preamble;

  Conversation(String id, List<String> sessionIds, List<String> files, LogFormat format, long startTimestamp,
      long durationMicros, boolean ended, long lostEvents, List<Turn> turns, List<Anomaly> anomalies,
      List<Problem> problems, Map<String, Object> fields, List<LogEvent> preamble) {
    this.id = id;
    this.sessionIds = List.copyOf(sessionIds);
    this.files = List.copyOf(files);
    this.format = format;
    this.startTimestamp = startTimestamp;
    this.durationMicros = durationMicros;
    this.ended = ended;
    this.lostEvents = lostEvents;
    this.turns = List.copyOf(turns);
    this.anomalies = List.copyOf(anomalies);
    this.problems = List.copyOf(problems);
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.preamble = List.copyOf(preamble);
  }

  /** Events in no turn: those before the first turn when they do not form one (a SESSION_START alone). */
  public List<LogEvent> preamble() {
    return preamble;
  }

  /** The id of its first session. */
  public String id() {
    return id;
  }

  /** The sessions it is made of, in order (more than one only for stitched VoiceMode sessions). */
  public List<String> sessionIds() {
    return sessionIds;
  }

  /** The files its lines came from, in reading order. */
  public List<String> files() {
    return files;
  }

  /** The format of its first session. */
  public LogFormat format() {
    return format;
  }

  /** The wall-clock time of its first event (epoch microseconds), or {@link LogEvent#NO_TIMESTAMP}. */
  public long startTimestamp() {
    return startTimestamp;
  }

  /** From its first event to its last, in microseconds. */
  public long durationMicros() {
    return durationMicros;
  }

  /**
   * The wall-clock time of its last event (epoch microseconds: {@link #startTimestamp()} plus
   * {@link #durationMicros()}), or {@link LogEvent#NO_TIMESTAMP}.
   */
  public long lastTimestamp() {
    return startTimestamp == LogEvent.NO_TIMESTAMP ? LogEvent.NO_TIMESTAMP : startTimestamp + durationMicros;
  }

  /** Whether its (last) session's SESSION_END was read. */
  public boolean ended() {
    return ended;
  }

  /** Events lost (gaps in seq). */
  public long lostEvents() {
    return lostEvents;
  }

  /** Its turns, in order, numbered from 1. */
  public List<Turn> turns() {
    return turns;
  }

  /** Every anomaly of the conversation, those of its turns included, in time order. */
  public List<Anomaly> anomalies() {
    return anomalies;
  }

  /** The anomalies that are in no turn's {@link Turn#anomalies()} (events before the first turn, lost events...). */
  public List<Anomaly> conversationAnomalies() {
    List<Anomaly> out = new ArrayList<>(anomalies);
    for (Turn t : turns) {
      out.removeAll(t.anomalies());
    }
    return out;
  }

  /** The problems of its lines (gaps in seq, repeated lines). */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Data fields describing the conversation: the scalar fields of its SESSION_START (first session first),
   * and for Realtime logs those of the session configuration ({@code session.created}/{@code session.updated},
   * latest wins). Unmodifiable.
   */
  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return "Conversation[" + id + ", " + turns.size() + " turns, " + anomalies.size() + " anomalies]";
  }
}
