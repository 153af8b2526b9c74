package dev.voicelog.otel;

import static dev.voicelog.EventType.LLM_COMPLETE;
import static dev.voicelog.EventType.LLM_ERROR;
import static dev.voicelog.EventType.LLM_FIRST_TOKEN;
import static dev.voicelog.EventType.LLM_REQUEST;
import static dev.voicelog.EventType.STT_COMPLETE;
import static dev.voicelog.EventType.STT_ERROR;
import static dev.voicelog.EventType.STT_NO_SPEECH;
import static dev.voicelog.EventType.STT_REQUEST;
import static dev.voicelog.EventType.STT_START;
import static dev.voicelog.EventType.TTS_ERROR;
import static dev.voicelog.EventType.TTS_FIRST_AUDIO;
import static dev.voicelog.EventType.TTS_PLAYBACK_INTERRUPTED;
import static dev.voicelog.EventType.TTS_PLAYBACK_START;
import static dev.voicelog.EventType.TTS_REQUEST;
import static dev.voicelog.EventType.TTS_START;
import static dev.voicelog.EventType.TURN_END_DETECTED;

import dev.voicelog.EventType;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.EventRef;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * THE table from a {@link Turn} to its spans (docs/otel.md draws the tree). Every span starts and ends at
 * an event the turn names: {@link Turn#first} of a meaning (the first event of the turn that means it, or
 * its stand-in, as the turn's metrics use them), the user's start and end ({@link Turn#userStart},
 * {@link Turn#userEnd}) and the end of playback ({@link Turn#playbackStop}) exactly as the metrics define
 * them, so a span and the metric it shows always agree. A span whose start or end is missing, or whose end
 * is before its start, is not planned (the turn's anomalies say why). Nothing here finds a turn's events by
 * its own rule or computes a duration: the durations shown are the turn's metrics.
 *
 * <pre>
 * turn                user start (else the turn's first event) .. the turn's last event
 * ├─ user_speech      user start .. user end
 * ├─ stt              STT_START|STT_REQUEST .. STT_COMPLETE|STT_NO_SPEECH|STT_ERROR
 * ├─ end_of_turn      user end .. TURN_END_DETECTED
 * ├─ chat {model}     LLM_REQUEST .. LLM_COMPLETE|LLM_ERROR          (mark: LLM_FIRST_TOKEN)
 * ├─ execute_tool {n} each TOOL_REQUEST_START .. its TOOL_REQUEST_END
 * ├─ tts              TTS_START|TTS_REQUEST .. TTS_ERROR|playback stop, else TTS_FIRST_AUDIO (mark: first audio)
 * └─ agent_speech     TTS_PLAYBACK_START .. playback stop (TTS_PLAYBACK_END|TTS_PLAYBACK_INTERRUPTED)
 * </pre>
 *
 * <p>"A|B" is the first of A, else of B; "A..B|C" ends at whichever of B and C comes first at or after A.
 * For a Realtime log, {@code response.created} stands in for TTS_START and the first output audio delta for
 * TTS_PLAYBACK_START when the turn has no event of its own for them, as in the metrics.
 *
 * Stateless; thread-safe.
 */
final class TurnSpans {
  /** The Realtime-guide format logs the OpenAI Realtime API, whose provider its lines do not name. */
  static final String REALTIME_PROVIDER = GenAiAttributes.OPENAI;

  private TurnSpans() {}

  /** A turn's span and its children, in the order above. */
  record Plan(PlannedSpan turn, List<PlannedSpan> children) {}

  /**
   * @param conversationFields the conversation's descriptive fields (SESSION_START data, Realtime session
   *     configuration): the model of a Realtime response comes from there
   * @param captureContent whether what was said goes into the turn span
   */
  static Plan plan(Turn t, Map<String, Object> conversationFields, boolean captureContent) {
    PlannedSpan turn = turnSpan(t, captureContent);
    List<PlannedSpan> children = new ArrayList<>(8);
    add(children, userSpeech(t));
    PlannedSpan stt = add(children, stt(t));
    add(children, endOfTurn(t));
    PlannedSpan llm = add(children, llm(t, conversationFields));
    for (Turn.ToolCall call : t.toolCalls()) {
      children.add(tool(call));
    }
    PlannedSpan tts = add(children, tts(t));
    add(children, agentSpeech(t));
    errors(t, turn, stt, llm, tts);
    return new Plan(turn, children);
  }

  private static PlannedSpan add(List<PlannedSpan> to, PlannedSpan s) {
    if (s != null) {
      to.add(s);
    }
    return s;
  }

  private static PlannedSpan turnSpan(Turn t, boolean captureContent) {
    PlannedSpan s = new PlannedSpan(VoiceAttributes.TURN_SPAN, SpanKind.INTERNAL, eventAt(t, t.startT(), true),
        eventAt(t, t.endT(), false));
    s.attributes.put(VoiceAttributes.TURN_NUMBER, t.number());
    s.attributes.put(VoiceAttributes.TURN_INTERRUPTED, t.interrupted());
    for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
      s.attributes.put(VoiceAttributes.metric(m.getKey()), Durations.toSeconds(m.getValue()));
    }
    if (!t.anomalies().isEmpty()) {
      List<String> lines = new ArrayList<>(t.anomalies().size());
      for (Anomaly a : t.anomalies()) {
        lines.add(a.message());
      }
      s.attributes.put(VoiceAttributes.TURN_ANOMALIES, lines);
    }
    if (captureContent) {
      putText(s, VoiceAttributes.USER_TEXT, t.userText());
      putText(s, VoiceAttributes.AGENT_TEXT, t.agentText());
    }
    return s;
  }

  private static void putText(PlannedSpan s, io.opentelemetry.api.common.AttributeKey<String> key, String text) {
    if (text != null) {
      s.attributes.put(key, text);
    }
  }

  /** The first event of the turn at {@code t} (or the last, for an end): the event a turn's boundary is. */
  private static LogEvent eventAt(Turn turn, long t, boolean first) {
    LogEvent found = null;
    for (LogEvent e : turn.events()) {
      if (e.t() == t) {
        found = e;
        if (first) {
          break;
        }
      }
    }
    return found;
  }

  private static PlannedSpan userSpeech(Turn t) {
    PlannedSpan s = span(VoiceAttributes.USER_SPEECH_SPAN, SpanKind.INTERNAL, t.userStart(), t.userEnd());
    if (s != null) {
      metric(s, t, Metric.USER_SPEECH);
    }
    return s;
  }

  private static PlannedSpan stt(Turn t) {
    LogEvent start = either(t, STT_START, STT_REQUEST);
    PlannedSpan s = span(VoiceAttributes.STT_SPAN, SpanKind.CLIENT, start,
        earliest(start, t.first(STT_COMPLETE), t.first(STT_NO_SPEECH), t.first(STT_ERROR)));
    if (s == null) {
      return null;
    }
    model(s, s.start, s.end);
    if (s.end.canonicalType() == STT_NO_SPEECH) {
      s.attributes.put(VoiceAttributes.STT_NO_SPEECH, true);
    }
    metric(s, t, Metric.STT_LATENCY);
    metric(s, t, Metric.TRANSCRIPTION_DELAY);
    return s;
  }

  private static PlannedSpan endOfTurn(Turn t) {
    PlannedSpan s = span(VoiceAttributes.END_OF_TURN_SPAN, SpanKind.INTERNAL, t.userEnd(), t.first(TURN_END_DETECTED));
    if (s != null) {
      metric(s, t, Metric.EOU_DELAY);
    }
    return s;
  }

  private static PlannedSpan llm(Turn t, Map<String, Object> conversationFields) {
    LogEvent start = t.first(LLM_REQUEST);
    LogEvent end = earliest(start, t.first(LLM_COMPLETE), t.first(LLM_ERROR));
    if (start == null || end == null) {
      return null;
    }
    String model = EventFields.text("model", start, end);
    if (model == null && start.format() == LogFormat.REALTIME_GUIDE && conversationFields.get("model") instanceof String m) {
      model = m;
    }
    String chat = GenAiAttributes.CHAT;
    PlannedSpan s = new PlannedSpan(model == null ? chat : chat + " " + model, SpanKind.CLIENT, start, end);
    s.attributes.put(GenAiAttributes.OPERATION_NAME, chat);
    if (model != null) {
      s.attributes.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    provider(s, start, end);
    long in = EventFields.inputTokens(end);
    long out = EventFields.outputTokens(end);
    if (in >= 0) {
      s.attributes.put(GenAiAttributes.USAGE_INPUT_TOKENS, in);
    }
    if (out >= 0) {
      s.attributes.put(GenAiAttributes.USAGE_OUTPUT_TOKENS, out);
    }
    OptionalLong ttft = t.metric(Metric.LLM_TTFT);
    if (ttft.isPresent()) {
      s.attributes.put(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, Durations.toSeconds(ttft.getAsLong()));
      metric(s, t, Metric.LLM_TTFT);
      s.marks.add(t.first(LLM_FIRST_TOKEN));
    }
    return s;
  }

  private static PlannedSpan tool(Turn.ToolCall call) {
    String op = GenAiAttributes.EXECUTE_TOOL;
    PlannedSpan s = new PlannedSpan(call.name() == null ? op : op + " " + call.name(), SpanKind.INTERNAL, call.start(),
        call.end());
    s.attributes.put(GenAiAttributes.OPERATION_NAME, op);
    if (call.name() != null) {
      s.attributes.put(GenAiAttributes.TOOL_NAME, call.name());
    }
    String id = EventFields.text("call_id", call.start(), call.end());
    if (id == null) {
      id = EventFields.text("tool_call_id", call.start(), call.end());
    }
    if (id != null) {
      s.attributes.put(GenAiAttributes.TOOL_CALL_ID, id);
    }
    if (EventFields.toolFailed(call.end())) {
      String detail = EventFields.text("error", call.end());
      s.fail(EventRef.of(call.end()) + ": the tool call failed" + (detail == null ? "" : ": " + detail),
          call.end().type());
    }
    return s;
  }

  private static PlannedSpan tts(Turn t) {
    LogEvent start = either(t, TTS_START, TTS_REQUEST);
    LogEvent firstAudio = t.first(TTS_FIRST_AUDIO);
    LogEvent end = earliest(start, t.first(TTS_ERROR), t.playbackStop());
    if (end == null) {
      end = earliest(start, firstAudio);
    }
    PlannedSpan s = span(VoiceAttributes.TTS_SPAN, SpanKind.CLIENT, start, end);
    if (s == null) {
      return null;
    }
    model(s, s.start, firstAudio);
    String voice = EventFields.text("voice", s.start, firstAudio);
    if (voice != null) {
      s.attributes.put(VoiceAttributes.TTS_VOICE, voice);
    }
    if (metric(s, t, Metric.TTFA) && s.end != firstAudio) {
      s.marks.add(firstAudio);
    }
    return s;
  }

  private static PlannedSpan agentSpeech(Turn t) {
    PlannedSpan s = span(VoiceAttributes.AGENT_SPEECH_SPAN, SpanKind.INTERNAL, t.first(TTS_PLAYBACK_START),
        t.playbackStop());
    if (s == null) {
      return null;
    }
    boolean cut = s.end.canonicalType() == TTS_PLAYBACK_INTERRUPTED;
    s.attributes.put(VoiceAttributes.PLAYBACK_INTERRUPTED, cut);
    if (cut && t.playedPosition().isPresent()) {
      s.attributes.put(VoiceAttributes.PLAYBACK_PLAYED, Durations.toSeconds(t.playedPosition().getAsLong()));
    }
    metric(s, t, Metric.PLAYBACK_DURATION);
    return s;
  }

  /**
   * Each error of the turn fails the span it belongs to (STT_ERROR the stt span, LLM_ERROR the LLM span,
   * TTS_ERROR the tts span; any other, or one whose span is missing, the turn span) and is marked on it at
   * its own time. A turn with an error is failed too, so failed turns are easy to find.
   */
  private static void errors(Turn t, PlannedSpan turn, PlannedSpan stt, PlannedSpan llm, PlannedSpan tts) {
    for (Anomaly a : t.anomalies()) {
      if (a.kind() != Anomaly.Kind.ERROR || a.events().isEmpty()) {
        continue;
      }
      LogEvent e = find(t, a.events().get(0));
      if (e == null) {
        continue;
      }
      PlannedSpan target = switch (e.canonicalType()) {
        case STT_ERROR -> stt;
        case LLM_ERROR -> llm;
        case TTS_ERROR -> tts;
        default -> null;
      };
      if (target == null) {
        target = turn;
      }
      target.fail(a.message(), e.type());
      target.marks.add(e);
      if (target != turn) {
        turn.fail(a.message(), e.type());
      }
    }
  }

  private static LogEvent find(Turn t, EventRef ref) {
    for (LogEvent e : t.events()) {
      if (e.t() == ref.t() && e.seq() == ref.seq() && e.type().equals(ref.type())) {
        return e;
      }
    }
    return null;
  }

  private static PlannedSpan span(String name, SpanKind kind, LogEvent start, LogEvent end) {
    if (start == null || end == null || end.t() < start.t()) {
      return null;
    }
    return new PlannedSpan(name, kind, start, end);
  }

  /** The turn's first event of {@code preferred}, else of {@code otherwise}. */
  private static LogEvent either(Turn t, EventType preferred, EventType otherwise) {
    LogEvent e = t.first(preferred);
    return e != null ? e : t.first(otherwise);
  }

  /** The earliest of {@code candidates} (nulls skipped) at or after {@code start}; null when none (or no start). */
  private static LogEvent earliest(LogEvent start, LogEvent... candidates) {
    if (start == null) {
      return null;
    }
    LogEvent best = null;
    for (LogEvent e : candidates) {
      if (e != null && e.t() >= start.t() && (best == null || e.t() < best.t())) {
        best = e;
      }
    }
    return best;
  }

  private static void model(PlannedSpan s, LogEvent... events) {
    String model = EventFields.text("model", events);
    if (model != null) {
      s.attributes.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    provider(s, events);
  }

  private static void provider(PlannedSpan s, LogEvent... events) {
    String provider = EventFields.text("provider", events);
    if (provider == null && events[0].format() == LogFormat.REALTIME_GUIDE) {
      provider = REALTIME_PROVIDER;
    }
    if (provider != null) {
      s.attributes.put(GenAiAttributes.PROVIDER_NAME, provider);
    }
  }

  /** Puts the turn's metric on the span it describes; false when the turn does not report it. */
  private static boolean metric(PlannedSpan s, Turn t, Metric m) {
    OptionalLong v = t.metric(m);
    if (v.isPresent()) {
      s.attributes.put(VoiceAttributes.metric(m), Durations.toSeconds(v.getAsLong()));
    }
    return v.isPresent();
  }
}
