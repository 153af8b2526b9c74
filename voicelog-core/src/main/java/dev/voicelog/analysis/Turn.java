package dev.voicelog.analysis;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One turn of a conversation (DESIGN.md, "Turns and metrics"): from the moment the user starts speaking
 * (USER_SPEECH_START, else RECORDING_START) until the user next starts speaking or the conversation ends;
 * a reply with no user speech before it (a greeting) is a turn without a user part.
 *
 * <p>A turn carries the events it was built from, the milestone events its metrics used (the first event
 * of each meaning by {@code t}), its metrics in whole microseconds (only those whose both ends exist with
 * end &gt;= start: never a negative duration), the waterfall of voice_to_voice and its anomalies.
 * Immutable and thread-safe.
 */
public final class Turn {
  /**
   * One step of the voice_to_voice waterfall: from one milestone to the next present one, in microseconds
   * (never negative). The steps of a turn sum exactly to its voice_to_voice. Immutable and thread-safe.
   */
  public static final class Segment {
    private final EventType from;
    private final EventType to;
    private final long micros;

    Segment(EventType from, EventType to, long micros) {
      this.from = from;
      this.to = to;
      this.micros = micros;
    }

    /** The milestone the step starts at (USER_SPEECH_END or RECORDING_END for the first step). */
    public EventType from() {
      return from;
    }

    /** The milestone the step ends at (TTS_PLAYBACK_START for the last step). */
    public EventType to() {
      return to;
    }

    /** The step's duration in microseconds, never negative. */
    public long micros() {
      return micros;
    }

    @Override
    public String toString() {
      return from + "->" + to + " " + dev.voicelog.read.Durations.seconds(micros) + "s";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Segment s && s.from == from && s.to == to && s.micros == micros;
    }

    @Override
    public int hashCode() {
      return Objects.hash(from, to, micros);
    }
  }

  /**
   * One tool call of the turn: a TOOL_REQUEST_START and the TOOL_REQUEST_END the assembler paired with it
   * (see {@code TurnAssembler}), both in this turn, the end not before the start: exactly the calls that
   * tool_time sums. Immutable and thread-safe.
   */
  public static final class ToolCall {
    private final LogEvent start;
    private final LogEvent end;
    private final String name;

    ToolCall(LogEvent start, LogEvent end, String name) {
      this.start = start;
      this.end = end;
      this.name = name;
    }

    /** The call's TOOL_REQUEST_START. */
    public LogEvent start() {
      return start;
    }

    /** The TOOL_REQUEST_END paired with it: in the same turn, never before the start. */
    public LogEvent end() {
      return end;
    }

    /** The tool's name ({@code tool}, {@code name} or {@code tool_name} of the start's data), or null. */
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "ToolCall[" + name + ", " + EventRef.of(start) + " -> " + EventRef.of(end) + "]";
    }
  }

  private final int number;
  private final List<LogEvent> events;
  private final Map<EventType, LogEvent> firsts;
  private final Map<EventType, LogEvent> milestones;
  private final Map<Metric, Long> metrics;
  private final List<Segment> waterfall;
  private final List<Anomaly> anomalies;
  private final List<LogEvent> context;
  private final List<ToolCall> toolCalls;

  Turn(int number, List<LogEvent> events, EnumMap<EventType, LogEvent> firsts, EnumMap<EventType, LogEvent> milestones,
      EnumMap<Metric, Long> metrics, List<Segment> waterfall, List<Anomaly> anomalies, List<LogEvent> context,
      List<ToolCall> toolCalls) {
    this.number = number;
    this.events = List.copyOf(events);
    this.firsts = firsts;
    this.milestones = Collections.unmodifiableMap(milestones);
    this.metrics = Collections.unmodifiableMap(metrics);
    this.waterfall = List.copyOf(waterfall);
    this.anomalies = List.copyOf(anomalies);
    this.context = context;
    this.toolCalls = List.copyOf(toolCalls);
  }

  /** The turn's number in its conversation, from 1. */
  public int number() {
    return number;
  }

  /** Every event of the turn, in order. */
  public List<LogEvent> events() {
    return events;
  }

  /**
   * The milestone events the metrics used, by canonical type (RECORDING_START/END, USER_SPEECH_START/END,
   * TURN_END_DETECTED, STT_START, STT_COMPLETE, LLM_REQUEST, LLM_FIRST_TOKEN, TTS_START, TTS_FIRST_AUDIO,
   * TTS_PLAYBACK_START/END/INTERRUPTED): for each, the first event of the turn that means it (or, failing
   * that, implies it). Unmodifiable.
   */
  public Map<EventType, LogEvent> milestones() {
    return milestones;
  }

  /** The milestone event of that canonical type, or null. */
  public LogEvent milestone(EventType type) {
    return milestones.get(type);
  }

  /**
   * The first event of the turn, by {@code t}, of any canonical type, milestone or not (STT_REQUEST,
   * STT_NO_SPEECH, LLM_COMPLETE, LLM_ERROR, TTS_ERROR...): the one that means it, else, for a type that only
   * a stand-in gives (see {@code EventMeanings}), that stand-in; null when the turn has none. For the types
   * of {@link #milestones()} it is exactly {@link #milestone(EventType)}. This is how consumers that need
   * more of a turn than its metrics (the OpenTelemetry span tree) find its events, by the same rule.
   */
  public LogEvent first(EventType type) {
    return firsts.get(type);
  }

  /** The metrics present, in microseconds, never negative. Unmodifiable, in {@link Metric} order. */
  public Map<Metric, Long> metrics() {
    return metrics;
  }

  /** One metric in microseconds, or empty when it is not reported for this turn. */
  public OptionalLong metric(Metric m) {
    Long v = metrics.get(m);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** The voice_to_voice waterfall (empty when voice_to_voice is not reported); sums exactly to it. */
  public List<Segment> waterfall() {
    return waterfall;
  }

  /** This turn's anomalies, in time order. */
  public List<Anomaly> anomalies() {
    return anomalies;
  }

  /** Where the turn starts: the user's start, else its first event; microseconds since the conversation began. */
  public long startT() {
    LogEvent u = userStart();
    return u != null ? u.t() : events.isEmpty() ? 0 : events.get(0).t();
  }

  /** Where the turn ends: the latest {@code t} of its events; microseconds since the conversation began. */
  public long endT() {
    long end = Long.MIN_VALUE;
    for (LogEvent e : events) {
      end = Math.max(end, e.t());
    }
    return events.isEmpty() ? startT() : end;
  }

  /** The turn's tool calls, in the order they ended (see {@link ToolCall}). */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Whether the user spoke (or was recorded) in this turn; false for a greeting. */
  public boolean hasUserPart() {
    return userStart() != null || userEnd() != null;
  }

  /** Whether the agent did anything in this turn (LLM, tools, TTS, playback). */
  public boolean hasAgentPart() {
    for (LogEvent e : events) {
      if (TurnBuilder.isAgentActivity(e.canonicalType())) {
        return true;
      }
    }
    return false;
  }

  /** user_start as the metrics define it: the USER_SPEECH_START milestone, else RECORDING_START; null when neither. */
  public LogEvent userStart() {
    return TurnMetrics.userStart(milestones);
  }

  /** user_end as the metrics define it: the USER_SPEECH_END milestone, else RECORDING_END; null when neither. */
  public LogEvent userEnd() {
    return TurnMetrics.userEnd(milestones);
  }

  /**
   * Where playback_duration ends: the earlier of the TTS_PLAYBACK_END and TTS_PLAYBACK_INTERRUPTED
   * milestones; null when neither. (It may precede TTS_PLAYBACK_START: then playback_duration is absent.)
   */
  public LogEvent playbackStop() {
    return TurnMetrics.playbackStop(milestones);
  }

  /** Whether speech-to-text heard nothing in this turn (an STT_NO_SPEECH). */
  public boolean noSpeech() {
    for (LogEvent e : events) {
      if (e.canonicalType() == EventType.STT_NO_SPEECH) {
        return true;
      }
    }
    return false;
  }

  /** Whether the agent's playback was cut by the user (a TTS_PLAYBACK_INTERRUPTED in the turn). */
  public boolean interrupted() {
    return milestones.containsKey(EventType.TTS_PLAYBACK_INTERRUPTED);
  }

  /**
   * How much of the agent's audio was heard before the interruption, in microseconds, when the interruption
   * says so (Realtime's {@code audio_end_ms}, or {@code played_ms}); empty otherwise.
   */
  public OptionalLong playedPosition() {
    LogEvent cut = milestones.get(EventType.TTS_PLAYBACK_INTERRUPTED);
    long p = cut == null ? -1 : cut.playedPosition();
    return p < 0 ? OptionalLong.empty() : OptionalLong.of(p);
  }

  /**
   * What the user said: the {@link LogEvent#text()} of the turn's STT_COMPLETE, or null. May be a
   * redaction placeholder (see {@link dev.voicelog.Redaction#isRedactedValue(String)}).
   */
  public String userText() {
    LogEvent stt = milestones.get(EventType.STT_COMPLETE);
    return stt == null ? null : stt.text();
  }

  /**
   * What the agent said: the {@link LogEvent#text()} of the turn's first TTS_REQUEST or TTS_START that has
   * one, else of a Realtime {@code *audio_transcript.done}, else of LLM_COMPLETE; null when none says.
   */
  public String agentText() {
    String s = firstText(e -> e.canonicalType() == EventType.TTS_REQUEST || e.canonicalType() == EventType.TTS_START);
    if (s == null) {
      s = firstText(e -> e.type().endsWith("audio_transcript.done"));
    }
    return s != null ? s : firstText(e -> e.canonicalType() == EventType.LLM_COMPLETE);
  }

  private String firstText(java.util.function.Predicate<LogEvent> which) {
    for (LogEvent e : events) {
      if (which.test(e) && e.text() != null) {
        return e.text();
      }
    }
    return null;
  }

  /**
   * A data field for grouping ({@code provider}, {@code voice}, {@code model}...): the value of the first
   * event of the turn whose data has it, else of the conversation's SESSION_START. {@code TYPE.field}
   * (e.g. {@code TTS_START.model}) looks only at events of that type. Null when none has it.
   */
  public Object field(String name) {
    String type = null;
    String key = name;
    int dot = name.indexOf('.');
    if (dot > 0 && dot < name.length() - 1) {
      type = name.substring(0, dot);
      key = name.substring(dot + 1);
    }
    Object v = lookup(events, type, key);
    if (v == null) {
      v = lookup(context, type, key);
    }
    if (v == null && type != null) {
      v = lookup(events, null, name);
    }
    return v;
  }

  private static Object lookup(List<LogEvent> in, String type, String key) {
    for (LogEvent e : in) {
      if (type != null && !type.equals(e.type())) {
        continue;
      }
      Object v = e.get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "Turn[" + number + ", " + metrics + (anomalies.isEmpty() ? "" : ", " + anomalies.size() + " anomalies") + "]";
  }
}
