package dev.voicelog.analysis;

import static dev.voicelog.EventType.LLM_FIRST_TOKEN;
import static dev.voicelog.EventType.LLM_REQUEST;
import static dev.voicelog.EventType.RECORDING_END;
import static dev.voicelog.EventType.RECORDING_START;
import static dev.voicelog.EventType.STT_COMPLETE;
import static dev.voicelog.EventType.STT_ERROR;
import static dev.voicelog.EventType.STT_NO_SPEECH;
import static dev.voicelog.EventType.STT_START;
import static dev.voicelog.EventType.TTS_ERROR;
import static dev.voicelog.EventType.TTS_FIRST_AUDIO;
import static dev.voicelog.EventType.TTS_PLAYBACK_END;
import static dev.voicelog.EventType.TTS_PLAYBACK_INTERRUPTED;
import static dev.voicelog.EventType.TTS_PLAYBACK_START;
import static dev.voicelog.EventType.TTS_START;
import static dev.voicelog.EventType.TURN_END_DETECTED;
import static dev.voicelog.EventType.USER_SPEECH_END;
import static dev.voicelog.EventType.USER_SPEECH_START;

import dev.voicelog.EventType;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * THE implementation of DESIGN.md's metrics: from one turn's events to its milestones, metrics, waterfall
 * and anomalies. Nothing else computes a duration between milestones.
 *
 * <ol>
 *   <li><b>Milestones.</b> For each canonical type, the first event of the turn (by {@code t}) that means it;
 *       if none does, the first that implies it (see {@code EventMeanings}).</li>
 *   <li><b>Metrics.</b> Each is end - start of two milestones, in whole microseconds; reported only when
 *       both exist and end &gt;= start. A reversed pair becomes a REVERSED anomaly naming both events, unless
 *       one of them only stands in for its milestone (an implied one, see {@code EventMeanings}).</li>
 *   <li><b>Waterfall.</b> The milestones present between user_end and TTS_PLAYBACK_START, in time order;
 *       consecutive differences, so the segments are non-negative and sum exactly to voice_to_voice.</li>
 *   <li><b>Anomalies.</b> Broken pairs (a start without its end, an end without its start), errors,
 *       STT_NO_SPEECH, a slow turn.</li>
 * </ol>
 */
final class TurnMetrics {
  /** A point of a metric: a milestone, or one of the derived points of DESIGN.md. */
  private enum Point {
    USER_START, USER_END, PLAYBACK_STOP, MILESTONE
  }

  /** One metric's definition: end - start. */
  private record Pair(Metric metric, Point startPoint, EventType start, Point endPoint, EventType end) {}

  private static final List<Pair> PAIRS = List.of(
      new Pair(Metric.VOICE_TO_VOICE, Point.USER_END, null, Point.MILESTONE, TTS_PLAYBACK_START),
      new Pair(Metric.RESPONSE_TIME, Point.USER_END, null, Point.MILESTONE, TTS_START),
      new Pair(Metric.TTFA, Point.MILESTONE, TTS_START, Point.MILESTONE, TTS_FIRST_AUDIO),
      new Pair(Metric.LLM_TTFT, Point.MILESTONE, LLM_REQUEST, Point.MILESTONE, LLM_FIRST_TOKEN),
      new Pair(Metric.STT_LATENCY, Point.MILESTONE, STT_START, Point.MILESTONE, STT_COMPLETE),
      new Pair(Metric.TRANSCRIPTION_DELAY, Point.USER_END, null, Point.MILESTONE, STT_COMPLETE),
      new Pair(Metric.EOU_DELAY, Point.USER_END, null, Point.MILESTONE, TURN_END_DETECTED),
      new Pair(Metric.THINK_TIME, Point.MILESTONE, STT_COMPLETE, Point.MILESTONE, TTS_START),
      new Pair(Metric.PLAYBACK_DURATION, Point.MILESTONE, TTS_PLAYBACK_START, Point.PLAYBACK_STOP, null),
      new Pair(Metric.RECORDING_DURATION, Point.MILESTONE, RECORDING_START, Point.MILESTONE, RECORDING_END),
      new Pair(Metric.USER_SPEECH, Point.USER_START, null, Point.USER_END, null));

  /** The canonical types a turn's metrics are measured between: a turn's milestones are of these. */
  static final java.util.Set<EventType> MILESTONES = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
      RECORDING_START, RECORDING_END, USER_SPEECH_START, USER_SPEECH_END, TURN_END_DETECTED, STT_START, STT_COMPLETE,
      LLM_REQUEST, LLM_FIRST_TOKEN, TTS_START, TTS_FIRST_AUDIO, TTS_PLAYBACK_START, TTS_PLAYBACK_END,
      TTS_PLAYBACK_INTERRUPTED));

  /** The waterfall's milestones after user_end, in the order used to break ties in time. */
  private static final List<EventType> WATERFALL = List.of(
      STT_COMPLETE, LLM_REQUEST, LLM_FIRST_TOKEN, TTS_START, TTS_FIRST_AUDIO, TTS_PLAYBACK_START);

  private TurnMetrics() {}

  static Turn compute(TurnBuilder b, AnalysisOptions options, List<LogEvent> context) {
    int number = b.number;
    EnumMap<EventType, LogEvent> direct = new EnumMap<>(EventType.class);
    EnumMap<EventType, LogEvent> implied = new EnumMap<>(EventType.class);
    for (LogEvent e : b.events) {
      EventType c = e.canonicalType();
      if (c != null) {
        firstByT(direct, c, e);
      }
      for (EventType i : e.impliedTypes()) {
        firstByT(implied, i, e);
      }
    }
    EnumMap<EventType, LogEvent> firsts = new EnumMap<>(direct);
    for (Map.Entry<EventType, LogEvent> i : implied.entrySet()) {
      firsts.putIfAbsent(i.getKey(), i.getValue());
    }
    EnumMap<EventType, LogEvent> milestones = new EnumMap<>(EventType.class);
    for (EventType m : MILESTONES) {
      LogEvent e = firsts.get(m);
      if (e != null) {
        milestones.put(m, e);
      }
    }

    List<Anomaly> anomalies = new ArrayList<>();
    EnumMap<Metric, Long> metrics = new EnumMap<>(Metric.class);
    for (Pair p : PAIRS) {
      LogEvent s = point(milestones, p.startPoint(), p.start());
      LogEvent e = point(milestones, p.endPoint(), p.end());
      if (s == null || e == null) {
        continue;
      }
      long d = e.t() - s.t();
      if (d >= 0) {
        metrics.put(p.metric(), d);
      } else if (standIn(direct, p.startPoint(), p.start()) || standIn(direct, p.endPoint(), p.end())) {
        // A stand-in (an implied milestone) is an approximation: the Realtime model starts its reply
        // before the input transcription completes, so think_time is simply not defined there.
        continue;
      } else {
        anomalies.add(new Anomaly(Anomaly.Kind.REVERSED, number, List.of(EventRef.of(e), EventRef.of(s)), p.metric(), 0,
            EventRef.of(e) + " at " + Durations.seconds(e.t()) + "s is before " + EventRef.of(s) + " at "
                + Durations.seconds(s.t()) + "s: " + p.metric().id() + " not reported"));
      }
    }
    if (b.toolPaired) {
      metrics.put(Metric.TOOL_TIME, b.toolMicros);
    }

    brokenPairs(direct, milestones, number, anomalies);
    for (Anomaly a : b.toolAnomalies) { // recorded before the turn had its number
      anomalies.add(new Anomaly(a.kind(), number, a.events(), a.metric(), a.value(), a.message()));
    }
    for (LogEvent e : b.events) {
      eventAnomaly(e, number, anomalies);
    }
    List<Turn.Segment> waterfall = waterfall(milestones, metrics);
    Long slowValue = metrics.containsKey(Metric.VOICE_TO_VOICE) ? metrics.get(Metric.VOICE_TO_VOICE) : metrics.get(Metric.RESPONSE_TIME);
    if (options.slowThresholdMicros() > 0 && slowValue != null && slowValue > options.slowThresholdMicros()) {
      Metric m = metrics.containsKey(Metric.VOICE_TO_VOICE) ? Metric.VOICE_TO_VOICE : Metric.RESPONSE_TIME;
      LogEvent from = point(milestones, Point.USER_END, null);
      LogEvent to = m == Metric.VOICE_TO_VOICE ? milestones.get(TTS_PLAYBACK_START) : milestones.get(TTS_START);
      anomalies.add(new Anomaly(Anomaly.Kind.SLOW_TURN, number, List.of(EventRef.of(from), EventRef.of(to)), m, slowValue,
          m.id() + " " + Durations.human(slowValue) + " is over the " + Durations.human(options.slowThresholdMicros())
              + " threshold"));
    }
    anomalies.sort(java.util.Comparator.comparingLong((Anomaly a) -> a.events().isEmpty() ? Long.MIN_VALUE : a.events().get(0).t())
        .thenComparing(a -> a.kind()));
    return new Turn(number, b.events, firsts, milestones, metrics, waterfall, anomalies, context, b.toolCalls);
  }

  /** Whether a point was resolved through an implied milestone (only milestone points can be). */
  private static boolean standIn(Map<EventType, LogEvent> direct, Point p, EventType type) {
    return p == Point.MILESTONE && !direct.containsKey(type);
  }

  private static void firstByT(EnumMap<EventType, LogEvent> map, EventType key, LogEvent e) {
    LogEvent cur = map.get(key);
    if (cur == null || e.t() < cur.t()) {
      map.put(key, e);
    }
  }

  private static LogEvent point(Map<EventType, LogEvent> m, Point p, EventType type) {
    switch (p) {
      case USER_START:
        return userStart(m);
      case USER_END:
        return userEnd(m);
      case PLAYBACK_STOP:
        return playbackStop(m);
      default:
        return m.get(type);
    }
  }

  /** user_start: USER_SPEECH_START, else RECORDING_START, of a turn's milestones; null when neither. */
  static LogEvent userStart(Map<EventType, LogEvent> m) {
    LogEvent s = m.get(USER_SPEECH_START);
    return s != null ? s : m.get(RECORDING_START);
  }

  /** user_end: USER_SPEECH_END, else RECORDING_END, of a turn's milestones; null when neither. */
  static LogEvent userEnd(Map<EventType, LogEvent> m) {
    LogEvent e = m.get(USER_SPEECH_END);
    return e != null ? e : m.get(RECORDING_END);
  }

  /** Where playback_duration ends: the earlier of TTS_PLAYBACK_END and TTS_PLAYBACK_INTERRUPTED; null when neither. */
  static LogEvent playbackStop(Map<EventType, LogEvent> m) {
    LogEvent end = m.get(TTS_PLAYBACK_END);
    LogEvent cut = m.get(TTS_PLAYBACK_INTERRUPTED);
    if (end == null) {
      return cut;
    }
    return cut != null && cut.t() < end.t() ? cut : end;
  }

  /** A start without its end, or an end without its start, among the events that mean them. */
  private static void brokenPairs(Map<EventType, LogEvent> direct, Map<EventType, LogEvent> all, int number,
      List<Anomaly> out) {
    missingEnd(direct, all, RECORDING_START, number, out, Metric.RECORDING_DURATION, RECORDING_END);
    missingEnd(direct, all, USER_SPEECH_START, number, out, Metric.USER_SPEECH, USER_SPEECH_END);
    if (!direct.containsKey(STT_NO_SPEECH) && !direct.containsKey(STT_ERROR)) {
      missingEnd(direct, all, STT_START, number, out, Metric.STT_LATENCY, STT_COMPLETE);
    }
    if (!direct.containsKey(TTS_ERROR)) {
      missingEnd(direct, all, TTS_START, number, out, Metric.TTFA, TTS_FIRST_AUDIO);
    }
    missingEnd(direct, all, TTS_PLAYBACK_START, number, out, Metric.PLAYBACK_DURATION, TTS_PLAYBACK_END,
        TTS_PLAYBACK_INTERRUPTED);
    missingStart(direct, all, RECORDING_END, number, out, Metric.RECORDING_DURATION, RECORDING_START);
    missingStart(direct, all, USER_SPEECH_END, number, out, Metric.USER_SPEECH, USER_SPEECH_START);
    missingStart(direct, all, TTS_FIRST_AUDIO, number, out, Metric.TTFA, TTS_START);
    missingStart(direct, all, TTS_PLAYBACK_END, number, out, Metric.PLAYBACK_DURATION, TTS_PLAYBACK_START);
    missingStart(direct, all, TTS_PLAYBACK_INTERRUPTED, number, out, Metric.PLAYBACK_DURATION, TTS_PLAYBACK_START);
  }

  private static void missingEnd(Map<EventType, LogEvent> direct, Map<EventType, LogEvent> all, EventType start,
      int number, List<Anomaly> out, Metric metric, EventType... ends) {
    LogEvent s = direct.get(start);
    if (s == null) {
      return;
    }
    for (EventType end : ends) {
      if (all.containsKey(end)) {
        return;
      }
    }
    String names = ends.length == 1 ? ends[0].name() : ends[0].name() + " or " + ends[1].name();
    out.add(new Anomaly(Anomaly.Kind.MISSING_END, number, List.of(EventRef.of(s)), metric, 0,
        EventRef.of(s) + " has no " + names + " in turn " + number + ": " + metric.id() + " not reported"));
  }

  private static void missingStart(Map<EventType, LogEvent> direct, Map<EventType, LogEvent> all, EventType end,
      int number, List<Anomaly> out, Metric metric, EventType start) {
    LogEvent e = direct.get(end);
    if (e == null || all.containsKey(start)) {
      return;
    }
    out.add(new Anomaly(Anomaly.Kind.MISSING_START, number, List.of(EventRef.of(e)), metric, 0,
        EventRef.of(e) + " has no " + start.name() + " before it in turn " + number + ": " + metric.id() + " not reported"));
  }

  /** The anomaly a single event is by itself (an error, no speech), or nothing. */
  static void eventAnomaly(LogEvent e, int number, List<Anomaly> out) {
    EventType c = e.canonicalType();
    if (c == null) {
      return;
    }
    switch (c) {
      case STT_ERROR, LLM_ERROR, TTS_ERROR, ERROR -> {
        String detail = e.errorMessage();
        out.add(new Anomaly(Anomaly.Kind.ERROR, number, List.of(EventRef.of(e)), null, 0,
            EventRef.of(e) + (detail == null ? "" : ": " + detail)));
      }
      case STT_NO_SPEECH -> out.add(new Anomaly(Anomaly.Kind.STT_NO_SPEECH, number, List.of(EventRef.of(e)), null, 0,
          EventRef.of(e) + ": speech-to-text heard no speech"));
      default -> {
        // not an anomaly by itself
      }
    }
  }

  private static List<Turn.Segment> waterfall(Map<EventType, LogEvent> m, Map<Metric, Long> metrics) {
    if (!metrics.containsKey(Metric.VOICE_TO_VOICE)) {
      return List.of();
    }
    LogEvent from = point(m, Point.USER_END, null);
    LogEvent to = m.get(TTS_PLAYBACK_START);
    List<LogEvent> points = new ArrayList<>();
    List<EventType> kinds = new ArrayList<>();
    for (EventType type : WATERFALL) {
      LogEvent e = m.get(type);
      // An event standing in for two milestones (Realtime's response.created) is one point, not two.
      if (e != null && e.t() >= from.t() && e.t() <= to.t() && type != TTS_PLAYBACK_START && e != from && e != to
          && !points.contains(e)) {
        int at = 0;
        while (at < points.size() && points.get(at).t() <= e.t()) {
          at++;
        }
        points.add(at, e);
        kinds.add(at, type);
      }
    }
    List<Turn.Segment> segments = new ArrayList<>(points.size() + 1);
    EventType prevType = from.canonicalType();
    long prevT = from.t();
    for (int i = 0; i < points.size(); i++) {
      segments.add(new Turn.Segment(prevType, kinds.get(i), points.get(i).t() - prevT));
      prevType = kinds.get(i);
      prevT = points.get(i).t();
    }
    segments.add(new Turn.Segment(prevType, TTS_PLAYBACK_START, to.t() - prevT));
    return segments;
  }
}
