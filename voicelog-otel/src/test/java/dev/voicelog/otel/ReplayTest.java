package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Metric;
import dev.voicelog.testing.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying logs of each format voicelog reads, into the SDK's in-memory exporter. */
class ReplayTest {
  @TempDir Path tmp;
  private final KeepingSpanExporter spans = new KeepingSpanExporter();

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(ReplayTest.class.getResource("/logs/" + name)).toURI());
  }

  private List<SpanData> replay(Path... paths) throws IOException {
    try (VoiceLogOtel otel = VoiceLogOtel.builder().spanExporter(spans).metricReader(InMemoryMetricReader.create()).captureContent(true).build()) {
      ReplaySummary summary = otel.replay(List.of(paths));
      assertThat(summary.complete()).as("%s", summary).isTrue();
      assertThat(summary.spans()).isEqualTo(spans.getFinishedSpanItems().size());
    }
    return spans.getFinishedSpanItems();
  }

  private static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static SpanData span(List<SpanData> all, String name, long turn) {
    SpanData t = all.stream().filter(s -> s.getName().equals(VoiceAttributes.TURN_SPAN)
        && s.getAttributes().get(VoiceAttributes.TURN_NUMBER) == turn).findFirst().orElseThrow();
    return name.equals(VoiceAttributes.TURN_SPAN) ? t
        : all.stream().filter(s -> s.getName().equals(name) && s.getParentSpanId().equals(t.getSpanId())).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " in turn " + turn));
  }

  private static List<String> childNames(List<SpanData> all, long turn) {
    SpanData t = span(all, VoiceAttributes.TURN_SPAN, turn);
    return all.stream().filter(s -> s.getParentSpanId().equals(t.getSpanId())).map(SpanData::getName).sorted().toList();
  }

  @Test
  void voiceModeSessionsStitchIntoOneTraceAtTheirLinesOwnTimes() throws Exception {
    Path log = fixture("voicemode_events_2025-06-23.jsonl");
    List<SpanData> all = replay(log);

    EventTimes.of(List.of(log)).assertExact(all.stream().map(EventTimes.Timed::of).toList());
    SpanData root = all.stream().filter(s -> s.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(all).extracting(SpanData::getTraceId).containsOnly(root.getTraceId());
    assertThat(root.getAttributes().get(VoiceAttributes.CONVERSATION_SESSIONS)).containsExactly("conv_1", "conv_2");
    assertThat(root.getAttributes().get(VoiceAttributes.LOG_FORMAT)).isEqualTo("voicemode");
    assertThat(root.getStartEpochNanos()).isEqualTo(nanos("2025-06-23T15:30:00Z"));
    assertThat(root.getEndEpochNanos()).isEqualTo(nanos("2025-06-23T15:30:11.650Z"));
    assertThat(childNames(all, 1)).containsExactly("agent_speech", "tts");
    assertThat(childNames(all, 2)).containsExactly("agent_speech", "stt", "tts", "user_speech");
    assertThat(childNames(all, 3)).containsExactly("stt", "user_speech");

    // the reply of the second session pairs with the recording of the first: a positive voice_to_voice
    SpanData turn2 = span(all, VoiceAttributes.TURN_SPAN, 2);
    assertThat(turn2.getAttributes().get(VoiceAttributes.metric(Metric.VOICE_TO_VOICE))).isEqualTo(2.05);
    assertThat(span(all, VoiceAttributes.USER_SPEECH_SPAN, 2).getStartEpochNanos()).isEqualTo(nanos("2025-06-23T15:30:02.500Z"));
    assertThat(span(all, VoiceAttributes.TTS_SPAN, 1).getEvents().get(0).getEpochNanos())
        .isEqualTo(nanos("2025-06-23T15:30:00.512345Z"));
    assertThat(span(all, VoiceAttributes.AGENT_SPEECH_SPAN, 2).getStartEpochNanos())
        .isEqualTo(nanos("2025-06-23T15:30:07.550Z"));
    assertThat(span(all, VoiceAttributes.STT_SPAN, 3).getAttributes().get(VoiceAttributes.STT_NO_SPEECH)).isTrue();
    assertThat(span(all, VoiceAttributes.STT_SPAN, 2).getEndEpochNanos()).isEqualTo(nanos("2025-06-23T15:30:06.123456Z"));
    assertThat(turn2.getAttributes().get(VoiceAttributes.USER_TEXT)).isEqualTo("What's the weather in Lisbon?");
    assertThat(turn2.getAttributes().get(VoiceAttributes.AGENT_TEXT)).isEqualTo("It's sunny and 24 degrees.");
  }

  @Test
  void aRealtimeGuideLogBecomesATraceOfItsResponsesFromOpenAi() throws Exception {
    Path log = fixture("realtime_demo.jsonl");
    List<SpanData> all = replay(log);

    EventTimes.of(List.of(log)).assertExact(all.stream().map(EventTimes.Timed::of).toList());
    SpanData root = all.stream().filter(s -> s.getName().equals(VoiceAttributes.CONVERSATION_SPAN)).findFirst().orElseThrow();
    assertThat(root.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("realtime_demo");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("voice.session.model"))).isEqualTo("gpt-4o-realtime-preview");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("voice.session.instructions"))).isNull();
    assertThat(childNames(all, 1))
        .containsExactly("agent_speech", "chat gpt-4o-realtime-preview", "end_of_turn", "tts", "user_speech");
    assertThat(childNames(all, 2)).containsExactly("end_of_turn", "user_speech");

    SpanData chat = span(all, "chat gpt-4o-realtime-preview", 1);
    assertThat(chat.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(50);
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(20);
    assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(0.26);
    assertThat(chat.getStartEpochNanos()).isEqualTo(nanos("2025-10-25T12:00:03.160Z"));
    assertThat(chat.getEndEpochNanos()).isEqualTo(nanos("2025-10-25T12:00:04Z"));

    // the user barged in: the reply's playback ends at the truncation, with what was heard
    SpanData playback = span(all, VoiceAttributes.AGENT_SPEECH_SPAN, 1);
    assertThat(playback.getStartEpochNanos()).isEqualTo(nanos("2025-10-25T12:00:03.480Z"));
    assertThat(playback.getEndEpochNanos()).isEqualTo(nanos("2025-10-25T12:00:05.050Z"));
    assertThat(playback.getAttributes().get(VoiceAttributes.PLAYBACK_PLAYED)).isEqualTo(1.52);
    assertThat(span(all, VoiceAttributes.TURN_SPAN, 1).getAttributes().get(VoiceAttributes.TURN_INTERRUPTED)).isTrue();
    assertThat(span(all, VoiceAttributes.TURN_SPAN, 1).getAttributes().get(VoiceAttributes.metric(Metric.VOICE_TO_VOICE)))
        .isEqualTo(0.38);

    SpanData failed = span(all, VoiceAttributes.TURN_SPAN, 2);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).contains("The server had an error");
    assertThat(failed.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("error");
    assertThat(failed.getEvents()).extracting(e -> e.getEpochNanos()).containsExactly(nanos("2025-10-25T12:00:06.500Z"));
  }

  /** What a span is, without its random ids: name, parent's name, times, attributes, status. */
  private static String shape(SpanData s, Map<String, String> namesById) {
    return s.getName() + " < " + namesById.get(s.getParentSpanId()) + " [" + s.getStartEpochNanos() + ", "
        + s.getEndEpochNanos() + "] " + new java.util.TreeMap<>(s.getAttributes().asMap().entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().getKey(), e -> String.valueOf(e.getValue())))) + " " + s.getStatus()
        + " " + s.getEvents().stream().map(e -> e.getName() + "@" + e.getEpochNanos()).toList();
  }

  private static List<String> shapes(List<SpanData> all) {
    Map<String, String> names = all.stream().collect(Collectors.toMap(SpanData::getSpanId, SpanData::getName));
    return all.stream().map(s -> shape(s, names)).sorted(Comparator.naturalOrder()).toList();
  }

  /** Runs {@code script} on a real VoiceLog with the live sink on it; returns the live sink's spans once the log is closed. */
  private List<SpanData> live(ManualClock clock, java.util.function.Consumer<VoiceLog> script) {
    KeepingSpanExporter live = new KeepingSpanExporter();
    VoiceLogOtel otel = VoiceLogOtel.builder().spanExporter(live).metricReader(InMemoryMetricReader.create()).captureContent(true).build();
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).monotonicClock(clock).wallClock(clock)
        .addListener(otel).build();
    script.accept(log);
    assertThat(log.close()).isTrue();
    return live.getFinishedSpanItems();
  }

  @Test
  void aReplayedNativeLogGivesExactlyTheSpansTheLiveSinkGave() throws Exception {
    ManualClock clock = ManualClock.at(ScriptedCall.START);
    List<SpanData> live = live(clock, log -> new ScriptedCall(clock).run(log, "call-1"));

    List<SpanData> replayed = replay(tmp);

    assertThat(live).hasSize(ScriptedCall.SPANS);
    assertThat(shapes(replayed)).isEqualTo(shapes(live));
  }

  @Test
  void aBackdatedEventWrittenAfterLaterOnesIsPutInItsPlaceLiveAsInTheReplay() throws Exception {
    ManualClock clock = ManualClock.at(ScriptedCall.START);
    List<SpanData> live = live(clock, log -> {
      Session s = log.startSession("race");
      clock.advanceMillis(2_000);
      s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(1_000)).log(); // speech began at 1.0 s
      clock.advanceMillis(1_000);
      s.log(EventType.USER_SPEECH_END); // 3.0 s
      clock.advanceMillis(400);
      s.event(EventType.LLM_REQUEST).put("model", "gpt-4o").log(); // 3.4 s: the agent answers...
      clock.advanceMillis(200);
      // ...but the user had gone on speaking at 3.3 s: the VAD says so at 3.6 s, after the request was logged
      s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(300)).log();
      clock.advanceMillis(900);
      s.log(EventType.USER_SPEECH_END); // 4.5 s
      clock.advanceMillis(100);
      s.log(EventType.LLM_COMPLETE); // 4.6 s
      clock.advanceMillis(400);
      s.end();
    });

    List<SpanData> replayed = replay(tmp);

    assertThat(shapes(live)).isEqualTo(shapes(replayed));
    // in time order the request belongs to the second turn, which began at 3.3 s; in writing order it would not
    assertThat(childNames(live, 1)).containsExactly("user_speech");
    assertThat(childNames(live, 2)).containsExactly("chat gpt-4o", "user_speech");
    assertThat(span(live, "chat gpt-4o", 2).getStartEpochNanos()).isEqualTo(ScriptedCall.nanos(3_400));
    assertThat(span(live, "chat gpt-4o", 2).getEndEpochNanos()).isEqualTo(ScriptedCall.nanos(4_600));
  }

  @Test
  void aGzippedLogGivesTheSameSpansAsThePlainOne() throws Exception {
    Path plain = fixture("realtime_demo.jsonl");
    Path gz = tmp.resolve("realtime_demo.jsonl.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      java.nio.file.Files.copy(plain, out);
    }
    List<String> fromPlain = shapes(replay(plain));
    spans.reset();

    assertThat(shapes(replay(gz))).isEqualTo(fromPlain);
  }

  @Test
  void aMissingPathIsAnErrorBeforeAnythingIsSent() {
    try (VoiceLogOtel otel = VoiceLogOtel.builder().spanExporter(spans).metricReader(InMemoryMetricReader.create()).build()) {
      assertThatThrownBy(() -> otel.replay(List.of(tmp.resolve("nowhere.jsonl"))))
          .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nowhere.jsonl");
    }
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }
}
