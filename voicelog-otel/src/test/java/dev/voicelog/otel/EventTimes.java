package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.EventRef;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import dev.voicelog.read.SessionLog;
import dev.voicelog.read.SessionSink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test oracle for span times: the {@code timestamp} each log line carries, as the reader parsed it from
 * the line's text, keyed by the event reference spans name ({@code voice.span.start_event}). A span must
 * start and end exactly at those (times 1000: OTLP counts nanoseconds); a conversation span at the earliest
 * and latest timestamps of its sessions.
 */
final class EventTimes {
  /** What every exported span is checked on, from the SDK's SpanData or from the received protobuf. */
  record Timed(String name, String conversation, String startEvent, String endEvent, long startNanos, long endNanos) {
    static Timed of(SpanData s) {
      return new Timed(s.getName(), s.getAttributes().get(GenAiAttributes.CONVERSATION_ID),
          s.getAttributes().get(VoiceAttributes.START_EVENT), s.getAttributes().get(VoiceAttributes.END_EVENT),
          s.getStartEpochNanos(), s.getEndEpochNanos());
    }

    static Timed of(Span s) {
      return new Timed(s.getName(), string(s, GenAiAttributes.CONVERSATION_ID),
          string(s, VoiceAttributes.START_EVENT), string(s, VoiceAttributes.END_EVENT), s.getStartTimeUnixNano(),
          s.getEndTimeUnixNano());
    }
  }

  static String string(Span s, AttributeKey<String> key) {
    for (KeyValue kv : s.getAttributesList()) {
      if (kv.getKey().equals(key.getKey())) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }

  private final Map<String, Long> byRef = new HashMap<>();
  private final Map<String, long[]> conversationBounds = new HashMap<>();

  private EventTimes() {}

  static EventTimes of(List<Path> paths) throws IOException {
    EventTimes times = new EventTimes();
    Map<String, long[]> sessions = new HashMap<>();
    LogReader.create().read(paths, new SessionSink() {
      @Override
      public void session(SessionLog s) {
        sessions.put(s.id(), new long[] {s.firstTimestamp(), s.lastTimestamp()});
      }

      @Override
      public void problem(Problem problem) {}
    });
    for (Conversation c : Analysis.conversations(paths, AnalysisOptions.defaults(), LogReader.create()).conversations()) {
      for (Turn t : c.turns()) {
        for (LogEvent e : t.events()) {
          times.byRef.put(c.id() + " " + EventRef.of(e), e.timestamp());
        }
      }
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (String id : c.sessionIds()) {
        first = Math.min(first, sessions.get(id)[0]);
        last = Math.max(last, sessions.get(id)[1]);
      }
      times.conversationBounds.put(c.id(), new long[] {first, last});
    }
    return times;
  }

  /** The epoch nanoseconds of the line an exported span names. */
  long nanos(String conversation, String eventRef) {
    Long micros = byRef.get(conversation + " " + eventRef);
    assertThat(micros).as("a line of %s named %s", conversation, eventRef).isNotNull();
    return micros * 1000;
  }

  /** Every span starts and ends exactly at the timestamps of the lines it names; returns how many were checked. */
  int assertExact(List<Timed> spans) {
    assertThat(spans).isNotEmpty();
    for (Timed s : spans) {
      if (s.name().equals(VoiceAttributes.CONVERSATION_SPAN)) {
        long[] bounds = conversationBounds.get(s.conversation());
        assertThat(bounds).as("conversation %s", s.conversation()).isNotNull();
        assertThat(s.startNanos()).as("start of %s", s).isEqualTo(bounds[0] * 1000);
        assertThat(s.endNanos()).as("end of %s", s).isEqualTo(bounds[1] * 1000);
      } else {
        assertThat(s.startNanos()).as("start of %s", s).isEqualTo(nanos(s.conversation(), s.startEvent()));
        assertThat(s.endNanos()).as("end of %s", s).isEqualTo(nanos(s.conversation(), s.endEvent()));
      }
    }
    return spans.size();
  }
}
