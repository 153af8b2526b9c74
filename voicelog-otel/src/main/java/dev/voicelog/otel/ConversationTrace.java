package dev.voicelog.otel;

import dev.voicelog.analysis.EventRef;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One conversation's trace, built as the conversation goes: the root span is started at the conversation's
 * first moment ({@link #begin}), each completed turn becomes its spans at once ({@link #turn}: planned by
 * {@link TurnSpans}, ended and so handed to the exporter), and the root is ended last ({@link #end}). The
 * same path serves the live sink and the replay of files.
 *
 * <p>Every time given to the SDK is an event's time through the conversation's {@link SpanClock}, in
 * microseconds; none is read from a clock here.
 *
 * <p>Not thread-safe: one conversation is traced by one thread at a time.
 */
final class ConversationTrace {
  private final Tracer tracer;
  private final LatencyHistograms histograms;
  private final SpanClock clock;
  private final String conversationId;
  private final Map<String, Object> fields;
  private final boolean captureContent;
  private Span root;
  private Context rootContext;
  private boolean ended;
  private int turns;
  private long spans;

  /**
   * @param fields the conversation's descriptive fields (SESSION_START data, Realtime configuration)
   */
  ConversationTrace(Tracer tracer, LatencyHistograms histograms, SpanClock clock, String conversationId,
      Map<String, Object> fields, boolean captureContent) {
    this.tracer = tracer;
    this.histograms = histograms;
    this.clock = clock;
    this.conversationId = conversationId;
    this.fields = fields;
    this.captureContent = captureContent;
  }

  /** Starts the root span at {@code firstT} (the conversation's earliest event); later calls do nothing. */
  void begin(long firstT) {
    if (root != null) {
      return;
    }
    AttributesBuilder a = Attributes.builder().put(GenAiAttributes.CONVERSATION_ID, conversationId);
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      Object v = f.getValue();
      String key = VoiceAttributes.SESSION_FIELD_PREFIX + f.getKey();
      if (v instanceof String s) {
        a.put(key, s);
      } else if (v instanceof Boolean b) {
        a.put(key, b);
      } else if (v instanceof Double || v instanceof Float) {
        a.put(key, ((Number) v).doubleValue());
      } else if (v instanceof Number n) {
        a.put(key, n.longValue());
      }
    }
    root = tracer.spanBuilder(VoiceAttributes.CONVERSATION_SPAN)
        .setNoParent()
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(clock.epochMicros(firstT), TimeUnit.MICROSECONDS)
        .setAllAttributes(a.build())
        .startSpan();
    rootContext = Context.root().with(root);
  }

  /** Exports one completed turn: its span and its children, ended at their events' times. Needs {@link #begin}. */
  void turn(Turn turn) {
    if (root == null) {
      throw new IllegalStateException("begin() first");
    }
    TurnSpans.Plan plan = TurnSpans.plan(turn, fields, captureContent);
    Span turnSpan = start(plan.turn(), rootContext);
    Context parent = rootContext.with(turnSpan);
    for (PlannedSpan child : plan.children()) {
      finish(start(child, parent), child);
    }
    finish(turnSpan, plan.turn());
    turns++;
    histograms.record(turn);
  }

  /**
   * Ends the root span at {@code lastT} with what is known only at the end; begins it there first if no
   * turn did. Later calls do nothing.
   */
  void end(long lastT, Attributes summary) {
    if (root == null) {
      begin(lastT);
    }
    if (ended) {
      return;
    }
    ended = true;
    root.setAllAttributes(summary);
    root.setAttribute(VoiceAttributes.CONVERSATION_TURNS, (long) turns);
    root.end(clock.epochMicros(lastT), TimeUnit.MICROSECONDS);
    spans++;
  }

  /** Spans ended so far, the root included once it has ended. */
  long spans() {
    return spans;
  }

  /** Turns exported so far. */
  int turns() {
    return turns;
  }

  private Span start(PlannedSpan p, Context parent) {
    p.attributes.put(GenAiAttributes.CONVERSATION_ID, conversationId);
    if (p.start != null) {
      p.attributes.put(VoiceAttributes.START_EVENT, EventRef.of(p.start).toString());
    }
    if (p.end != null) {
      p.attributes.put(VoiceAttributes.END_EVENT, EventRef.of(p.end).toString());
    }
    if (p.error != null) {
      p.attributes.put(ErrorAttributes.ERROR_TYPE, p.errorType);
    }
    Span span = tracer.spanBuilder(p.name)
        .setParent(parent)
        .setSpanKind(p.kind)
        .setStartTimestamp(clock.epochMicros(p.start), TimeUnit.MICROSECONDS)
        .setAllAttributes(p.attributes.build())
        .startSpan();
    for (LogEvent mark : p.marks) {
      AttributesBuilder a = Attributes.builder().put(VoiceAttributes.EVENT_TYPE, mark.type());
      if (mark.seq() > 0) {
        a.put(VoiceAttributes.EVENT_SEQ, mark.seq());
      }
      String name = mark.canonicalType() != null ? mark.canonicalType().name() : mark.type();
      span.addEvent(name, a.build(), clock.epochMicros(mark), TimeUnit.MICROSECONDS);
    }
    if (p.error != null) {
      span.setStatus(StatusCode.ERROR, p.error);
    }
    return span;
  }

  private void finish(Span span, PlannedSpan p) {
    span.end(clock.epochMicros(p.end), TimeUnit.MICROSECONDS);
    spans++;
  }
}
