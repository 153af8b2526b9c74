package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.LiveTurns;
import dev.voicelog.analysis.Metric;
import dev.voicelog.testing.ManualClock;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live sink on a real VoiceLog, exporting to the SDK's in-memory exporter. */
class LiveTraceTest {
  @TempDir Path tmp;
  private final KeepingSpanExporter spans = new KeepingSpanExporter();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final ManualClock clock = ManualClock.at(ScriptedCall.START);

  @AfterEach
  void tearDown() {
    spans.reset();
  }

  private VoiceLogOtel otel(boolean captureContent) {
    return VoiceLogOtel.builder().spanExporter(spans).metricReader(metrics).captureContent(captureContent)
        .scheduleDelay(Duration.ofMillis(10)).build();
  }

  private VoiceLog log(VoiceLogOtel otel) {
    return VoiceLog.builder().directory(tmp).shutdownHook(false).monotonicClock(clock).wallClock(clock)
        .addListener(otel).build();
  }

  /** Runs the scripted call live and returns every span, once the log (and so the sink) is closed. */
  private List<SpanData> liveCall(boolean captureContent) {
    VoiceLogOtel otel = otel(captureContent);
    VoiceLog log = log(otel);
    new ScriptedCall(clock).run(log, "call-1");
    assertThat(log.close()).isTrue();
    assertThat(otel.droppedSpans()).isZero();
    return spans.getFinishedSpanItems();
  }

  private static SpanData named(List<SpanData> all, String name, long turn) {
    SpanData turnSpan = all.stream().filter(s -> s.getName().equals(VoiceAttributes.TURN_SPAN)
        && s.getAttributes().get(VoiceAttributes.TURN_NUMBER) == turn).findFirst().orElseThrow();
    if (name.equals(VoiceAttributes.TURN_SPAN)) {
      return turnSpan;
    }
    return all.stream().filter(s -> s.getName().equals(name) && s.getParentSpanId().equals(turnSpan.getSpanId()))
        .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in turn " + turn + ": " + all));
  }

  @Test
  void aLiveConversationBecomesOneTraceOfTurnsAndTheirSteps() {
    List<SpanData> all = liveCall(false);

    assertThat(all).hasSize(ScriptedCall.SPANS);
    assertThat(all).extracting(SpanData::getTraceId).containsOnly(all.get(0).getTraceId());
    SpanData root = all.stream().filter(s -> s.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(root.getParentSpanId()).isEqualTo(SpanId.getInvalid());
    assertThat(root.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("call-1");
    assertThat(root.getAttributes().get(VoiceAttributes.CONVERSATION_TURNS)).isEqualTo(2);
    assertThat(root.getAttributes().get(VoiceAttributes.CONVERSATION_ENDED)).isTrue();
    assertThat(root.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("voice.session.agent")))
        .isEqualTo("test-agent");

    Map<String, List<String>> children = all.stream().filter(s -> s.getName().equals(VoiceAttributes.TURN_SPAN))
        .collect(Collectors.toMap(t -> "turn " + t.getAttributes().get(VoiceAttributes.TURN_NUMBER),
            t -> all.stream().filter(s -> s.getParentSpanId().equals(t.getSpanId())).map(SpanData::getName).sorted().toList()));
    assertThat(children).containsExactlyInAnyOrderEntriesOf(Map.of(
        "turn 1", List.of("agent_speech", "chat gpt-4o", "end_of_turn", "execute_tool weather", "stt", "tts", "user_speech"),
        "turn 2", List.of("chat gpt-4o", "stt", "user_speech")));
    assertThat(all.stream().filter(s -> s.getName().equals(VoiceAttributes.TURN_SPAN)))
        .allMatch(t -> t.getParentSpanId().equals(root.getSpanId()));
  }

  @Test
  void everySpanStartsAndEndsAtItsEventsTimesToTheMicrosecond() throws Exception {
    List<SpanData> all = liveCall(false);

    int checked = EventTimes.of(List.of(tmp)).assertExact(all.stream().map(EventTimes.Timed::of).toList());

    assertThat(checked).isEqualTo(ScriptedCall.SPANS);
    SpanData speech = named(all, VoiceAttributes.USER_SPEECH_SPAN, 1);
    assertThat(speech.getStartEpochNanos()).as("backdated to when the user began, not when the VAD fired")
        .isEqualTo(ScriptedCall.nanos(800));
    assertThat(speech.getEndEpochNanos()).isEqualTo(ScriptedCall.nanos(3_000));
    assertThat(named(all, VoiceAttributes.TURN_SPAN, 1).getStartEpochNanos()).isEqualTo(ScriptedCall.nanos(800));
    assertThat(named(all, VoiceAttributes.USER_SPEECH_SPAN, 2).getStartEpochNanos()).isEqualTo(ScriptedCall.nanos(5_200));
  }

  @Test
  void anInterruptedTurnEndsItsAgentSpeechAtTheInterruption() {
    List<SpanData> all = liveCall(false);

    SpanData turn = named(all, VoiceAttributes.TURN_SPAN, 1);
    assertThat(turn.getAttributes().get(VoiceAttributes.TURN_INTERRUPTED)).isTrue();
    assertThat(turn.getAttributes().get(VoiceAttributes.metric(Metric.VOICE_TO_VOICE))).isEqualTo(1.6);
    SpanData playback = named(all, VoiceAttributes.AGENT_SPEECH_SPAN, 1);
    assertThat(playback.getStartEpochNanos()).isEqualTo(ScriptedCall.nanos(4_600));
    assertThat(playback.getEndEpochNanos()).isEqualTo(ScriptedCall.nanos(5_500));
    assertThat(playback.getAttributes().get(VoiceAttributes.PLAYBACK_INTERRUPTED)).isTrue();
    assertThat(playback.getAttributes().get(VoiceAttributes.PLAYBACK_PLAYED)).isEqualTo(0.9);
    assertThat(playback.getAttributes().get(VoiceAttributes.END_EVENT)).startsWith("TTS_PLAYBACK_INTERRUPTED#");
    assertThat(named(all, VoiceAttributes.TURN_SPAN, 2).getAttributes().get(VoiceAttributes.TURN_INTERRUPTED)).isFalse();
  }

  @Test
  void genAiAttributesFollowTheSemanticConventions() {
    List<SpanData> all = liveCall(false);

    SpanData chat = named(all, "chat gpt-4o", 1);
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(chat.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(120);
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(30);
    assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(0.35);
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("call-1");
    EventData firstToken = chat.getEvents().get(0);
    assertThat(firstToken.getName()).isEqualTo("LLM_FIRST_TOKEN");
    assertThat(firstToken.getEpochNanos()).isEqualTo(ScriptedCall.nanos(3_800));

    SpanData tool = named(all, "execute_tool weather", 1);
    assertThat(tool.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
    assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("weather");
    assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_1");
    assertThat(tool.getStartEpochNanos()).isEqualTo(ScriptedCall.nanos(3_850));
    assertThat(tool.getEndEpochNanos()).isEqualTo(ScriptedCall.nanos(4_100));

    SpanData stt = named(all, VoiceAttributes.STT_SPAN, 1);
    assertThat(stt.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("deepgram");
    assertThat(stt.getAttributes().get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("nova-3");
    assertThat(stt.getAttributes().get(VoiceAttributes.metric(Metric.STT_LATENCY))).isEqualTo(0.35);

    SpanData tts = named(all, VoiceAttributes.TTS_SPAN, 1);
    assertThat(tts.getAttributes().get(VoiceAttributes.metric(Metric.TTFA))).isEqualTo(0.2);
    assertThat(tts.getAttributes().get(VoiceAttributes.TTS_VOICE)).isEqualTo("alloy");
    assertThat(tts.getEvents()).extracting(EventData::getName).containsExactly("TTS_FIRST_AUDIO");
    assertThat(named(all, VoiceAttributes.END_OF_TURN_SPAN, 1).getAttributes().get(VoiceAttributes.metric(Metric.EOU_DELAY)))
        .isEqualTo(0.2);
  }

  @Test
  void errorsSetTheStatusOfTheirSpanAndOfTheirTurn() {
    List<SpanData> all = liveCall(false);

    SpanData chat = named(all, "chat gpt-4o", 2);
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(chat.getStatus().getDescription()).contains("LLM_ERROR").contains("rate limited");
    assertThat(chat.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("LLM_ERROR");
    assertThat(chat.getEndEpochNanos()).isEqualTo(ScriptedCall.nanos(6_900));
    assertThat(named(all, VoiceAttributes.TURN_SPAN, 2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(named(all, VoiceAttributes.TURN_SPAN, 1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(named(all, "chat gpt-4o", 1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void spokenTextIsExportedOnlyWithContentCaptureOn() {
    List<SpanData> without = liveCall(false);
    assertThat(without).allSatisfy(s -> {
      assertThat(s.getAttributes().get(VoiceAttributes.USER_TEXT)).isNull();
      assertThat(s.getAttributes().get(VoiceAttributes.AGENT_TEXT)).isNull();
      assertThat(s.getAttributes().asMap().values()).noneMatch(v -> String.valueOf(v).contains("Lisbon"));
    });

    spans.reset();
    List<SpanData> with = liveCall(true);
    SpanData turn = named(with, VoiceAttributes.TURN_SPAN, 1);
    assertThat(turn.getAttributes().get(VoiceAttributes.USER_TEXT)).isEqualTo("What's the weather in Lisbon?");
    assertThat(turn.getAttributes().get(VoiceAttributes.AGENT_TEXT)).isEqualTo("It's sunny and 24 degrees.");
  }

  @Test
  void eachTurnIsExportedOnceCompleteAndPastTheReorderWindowBeforeTheConversationEnds() throws Exception {
    VoiceLogOtel otel = otel(false);
    VoiceLog log = log(otel);
    Session s = log.startSession("early");
    s.log(EventType.USER_SPEECH_START);
    clock.advanceMillis(1_000);
    s.log(EventType.USER_SPEECH_END);
    clock.advanceMillis(500);
    s.log(EventType.TTS_PLAYBACK_START);
    clock.advanceMillis(500);
    s.log(EventType.TTS_PLAYBACK_END);
    s.log(EventType.USER_SPEECH_START); // completes turn 1, at 2.0 s
    // a backdated event may still come for 2 s (LiveTurns' reorder window): the next line after that releases it
    clock.advance(LiveTurns.DEFAULT_REORDER_WINDOW.plusMillis(1));
    s.log(EventType.USER_SPEECH_END);

    // the line travels through the log's listener thread and the batch processor's: asynchronous by design
    Poll.until(() -> spans.getFinishedSpanItems().stream().anyMatch(x -> x.getName().equals(VoiceAttributes.TURN_SPAN)));
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .contains(VoiceAttributes.TURN_SPAN, VoiceAttributes.USER_SPEECH_SPAN, VoiceAttributes.AGENT_SPEECH_SPAN)
        .doesNotContain(VoiceAttributes.CONVERSATION_SPAN);
    s.end();
    assertThat(log.close()).isTrue();
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains(VoiceAttributes.CONVERSATION_SPAN);
  }

  @Test
  void aConversationStillOpenWhenTheSinkClosesIsExportedAsNotEnded() {
    VoiceLogOtel otel = otel(false);
    VoiceLog log = log(otel);
    Session s = log.startSession("cut-off");
    s.log(EventType.USER_SPEECH_START);
    clock.advanceMillis(700);
    s.log(EventType.USER_SPEECH_END);
    assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
    // the sink is closed before the log: lines still on their way are ignored, what arrived is exported
    awaitLines(otel, 3);
    assertThat(otel.close(Duration.ofSeconds(5))).isTrue();

    SpanData root = spans.getFinishedSpanItems().stream()
        .filter(x -> x.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(root.getAttributes().get(VoiceAttributes.CONVERSATION_ENDED)).isFalse();
    assertThat(root.getEndEpochNanos() - root.getStartEpochNanos()).isEqualTo(700_000_000L);
    s.end();
    assertThat(log.close()).isTrue();
    assertThat(spans.getFinishedSpanItems()).filteredOn(x -> x.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).hasSize(1);
  }

  @Test
  void aLineOfASessionThatHasEndedStartsNoNewTrace() {
    VoiceLogOtel otel = otel(false);
    String at = "\"timestamp\":\"2026-11-21T10:00:0%dZ\",\"session_id\":\"s1\"";
    otel.onLine(line("{" + String.format(at, 0) + ",\"event_type\":\"SESSION_START\",\"seq\":1,\"t\":0.0,\"data\":{}}"));
    otel.onLine(line("{" + String.format(at, 2) + ",\"event_type\":\"SESSION_END\",\"seq\":2,\"t\":2.0,\"data\":{}}"));
    // the writer reports drops of a session as soon as it can: possibly after the session ended
    otel.onLine(line("{" + String.format(at, 3) + ",\"event_type\":\"EVENTS_DROPPED\",\"t\":3.0,\"data\":{\"count\":4}}"));
    assertThat(otel.close(Duration.ofSeconds(5))).isTrue();

    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(VoiceAttributes.CONVERSATION_SPAN);
    assertThat(otel.live().lateLines()).isEqualTo(1);
    SpanData root = spans.getFinishedSpanItems().get(0);
    assertThat(root.getEndEpochNanos() - root.getStartEpochNanos()).isEqualTo(2_000_000_000L);
  }

  @Test
  void lostEventsAreTheGapsInSeqLiveAsInAReplayOfTheSameLines() throws Exception {
    String at = "\"timestamp\":\"2026-11-21T10:00:0%dZ\",\"session_id\":\"s1\"";
    List<String> lines = List.of(
        "{" + String.format(at, 0) + ",\"event_type\":\"SESSION_START\",\"seq\":1,\"t\":0.0,\"data\":{}}",
        "{" + String.format(at, 1) + ",\"event_type\":\"USER_SPEECH_START\",\"seq\":2,\"t\":1.0,\"data\":{}}",
        // seq 3 and 4 were dropped by the writer's queue; its report of them comes after the session's end
        "{" + String.format(at, 2) + ",\"event_type\":\"USER_SPEECH_END\",\"seq\":5,\"t\":2.0,\"data\":{}}",
        "{" + String.format(at, 3) + ",\"event_type\":\"SESSION_END\",\"seq\":6,\"t\":3.0,\"data\":{}}",
        "{" + String.format(at, 4) + ",\"event_type\":\"EVENTS_DROPPED\",\"t\":4.0,\"data\":{\"count\":2}}");
    VoiceLogOtel otel = otel(false);
    lines.forEach(l -> otel.onLine(line(l)));
    assertThat(otel.close(Duration.ofSeconds(5))).isTrue();
    SpanData live = spans.getFinishedSpanItems().stream()
        .filter(x -> x.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(live.getAttributes().get(VoiceAttributes.CONVERSATION_LOST_EVENTS)).isEqualTo(2L);

    spans.reset();
    Path log = java.nio.file.Files.write(tmp.resolve("voicelog_events.jsonl"), lines);
    try (VoiceLogOtel replay = otel(false)) {
      replay.replay(List.of(log));
    }
    SpanData replayed = spans.getFinishedSpanItems().stream()
        .filter(x -> x.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(replayed.getAttributes().get(VoiceAttributes.CONVERSATION_LOST_EVENTS)).as("the replay's count").isEqualTo(2L);
  }

  private static byte[] line(String json) {
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void awaitLines(VoiceLogOtel otel, long lines) {
    Poll.until(() -> otel.live().linesSeen() >= lines);
    assertThat(otel.live().linesSeen()).isGreaterThanOrEqualTo(lines);
  }

  @Test
  void latencyHistogramsRecordEveryTurnsMetrics() throws Exception {
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).monotonicClock(clock).wallClock(clock).build();
    new ScriptedCall(clock).run(log, "call-1");
    assertThat(log.close()).isTrue();
    try (VoiceLogOtel otel = otel(false)) {
      otel.replay(List.of(tmp));

      Map<String, MetricData> byName = metrics.collectAllMetrics().stream()
          .collect(Collectors.toMap(MetricData::getName, m -> m));
      HistogramPointData v2v = byName.get("voice.voice_to_voice").getHistogramData().getPoints().iterator().next();
      assertThat(byName.get("voice.voice_to_voice").getUnit()).isEqualTo("s");
      assertThat(v2v.getCount()).isEqualTo(1);
      assertThat(v2v.getSum()).isEqualTo(1.6);
      assertThat(v2v.getBoundaries()).isEqualTo(LatencyHistograms.BUCKETS);
      HistogramPointData ttft = byName.get("voice.llm_ttft").getHistogramData().getPoints().iterator().next();
      assertThat(ttft.getCount()).isEqualTo(1);
      assertThat(ttft.getSum()).isEqualTo(0.35);
      HistogramPointData speech = byName.get("voice.user_speech").getHistogramData().getPoints().iterator().next();
      assertThat(speech.getCount()).isEqualTo(2);
      assertThat(speech.getSum()).isEqualTo(2.2 + 0.8, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(byName).doesNotContainKey("voice.recording_duration"); // no turn has one: nothing recorded
    }
  }
}
