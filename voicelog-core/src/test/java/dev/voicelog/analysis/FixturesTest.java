package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import dev.voicelog.read.LogReader;
import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture logs of the three formats, analysed end to end. */
class FixturesTest {
  @TempDir Path tmp;

  private Analysis.Result analyse(String fixture) throws IOException {
    return Analysis.conversations(List.of(Fixtures.copy(fixture, tmp)), AnalysisOptions.defaults(), LogReader.create());
  }

  private static long us(double s) {
    return Math.round(s * 1e6);
  }

  @Test
  void theSeedsNegativeResponseTimeBecomesAPositiveOneOnceVoiceModeSessionsAreStitched() throws IOException {
    // The seed pairs the first TTS_START and the first RECORDING_END of one session: -34.9 s.
    List<String> first = Fixtures.lines(Fixtures.VOICEMODE).stream().filter(l -> l.contains("\"conv_1750692600\"")).toList();
    assertThat(first.stream().filter(l -> l.contains("\"TTS_START\"")).findFirst().orElseThrow()).contains("15:30:00.010000");
    assertThat(first.stream().filter(l -> l.contains("\"RECORDING_END\"")).findFirst().orElseThrow()).contains("15:30:34.910000");

    Analysis.Result r = analyse(Fixtures.VOICEMODE);
    assertThat(r.conversations()).extracting(Conversation::sessionIds).containsExactly(
        List.of("conv_1750692600", "conv_1750692638", "conv_1750692660"), List.of("conv_1750693900"));
    Conversation c = r.conversations().get(0);
    assertThat(c.format()).isEqualTo(LogFormat.VOICEMODE);
    assertThat(c.turns()).hasSize(4);
    Turn reply = c.turns().get(1);
    assertThat(reply.userText()).isEqualTo("Let's fix the failing test in the parser module.");
    assertThat(reply.agentText()).isEqualTo("Sure. The test expects a trailing newline; I'll add it.");
    assertThat(reply.metrics()).containsEntry(Metric.RESPONSE_TIME, us(3.65)).containsEntry(Metric.VOICE_TO_VOICE, us(4.09))
        .containsEntry(Metric.RECORDING_DURATION, us(31.55));
    for (Conversation conv : r.conversations()) {
      for (Turn t : conv.turns()) {
        assertThat(t.metrics().values()).allMatch(v -> v >= 0);
        assertThat(t.waterfall().stream().mapToLong(Turn.Segment::micros).sum())
            .isEqualTo(t.metrics().getOrDefault(Metric.VOICE_TO_VOICE, 0L));
      }
    }
    assertThat(c.turns().get(3).anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.STT_NO_SPEECH);
    assertThat(r.conversations().get(1).turns()).hasSize(2); // twenty minutes later: a conversation of its own
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void voiceModeSessionsAreStitchedAcrossTheirRotatedFiles() throws IOException {
    // The same log, rotated between the second and third session of the first conversation (as at midnight UTC).
    List<String> lines = Fixtures.lines(Fixtures.VOICEMODE);
    int cut = 0;
    while (!lines.get(cut).contains("\"conv_1750692660\"")) {
      cut++;
    }
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("rotated"));
    java.nio.file.Files.write(dir.resolve("voicemode_events_2025-06-23.jsonl"), lines.subList(0, cut));
    java.nio.file.Files.write(dir.resolve("voicemode_events_2025-06-24.jsonl"), lines.subList(cut, lines.size()));

    Analysis.Result r = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
    assertThat(r.conversations()).extracting(Conversation::sessionIds).containsExactly(
        List.of("conv_1750692600", "conv_1750692638", "conv_1750692660"), List.of("conv_1750693900"));
    assertThat(r.conversations().get(0).files()).hasSize(2);
    assertThat(r.conversations().get(0).turns().get(1).metrics()).containsEntry(Metric.RESPONSE_TIME, us(3.65));
    assertThat(ConversationAssembler.series("/logs/voicemode_events_2025-06-24.jsonl.gz"))
        .isEqualTo(ConversationAssembler.series("/logs/voicemode_events_2025-06-23.jsonl"))
        .isNotEqualTo(ConversationAssembler.series("/other/voicemode_events_2025-06-23.jsonl"));
  }

  @Test
  void aVoiceModeConversationMayBeContinuedUntilTheStitchGapHasPassedSinceItsLastLine() throws IOException {
    Conversation c = analyse(Fixtures.VOICEMODE).conversations().get(0);
    Instant last = Instant.parse("2025-06-23T15:31:01.445Z"); // STT_NO_SPEECH, written before SESSION_END
    long lastMicros = last.getEpochSecond() * 1_000_000L + last.getNano() / 1_000;
    long gap = AnalysisOptions.defaults().stitchGapMicros();
    assertThat(ConversationAssembler.mayContinue(c, lastMicros + gap, AnalysisOptions.defaults())).isTrue();
    assertThat(ConversationAssembler.mayContinue(c, lastMicros + gap + 1, AnalysisOptions.defaults())).isFalse();
    Conversation nativeOne = analyse(Fixtures.NATIVE).conversations().get(0);
    assertThat(ConversationAssembler.mayContinue(nativeOne, nativeOne.startTimestamp(), AnalysisOptions.defaults()))
        .as("only VoiceMode conversations are stitched").isFalse();
  }

  @Test
  void theLinesOfARotatedVoiceModeSeriesAreAssembledTogetherAndANativeSessionWhereverItContinues() {
    String voiceMode = Fixtures.lines(Fixtures.VOICEMODE).get(0);
    String nativeLine = Fixtures.lines(Fixtures.NATIVE).get(0);
    BiFunction<String, String, String> key = (file, line) ->
        ConversationAssembler.assemblyKey(new LineDecoder(file, p -> {}).decode(line, 1));
    assertThat(key.apply("/logs/voicemode_events_2025-06-23.jsonl", voiceMode))
        .isEqualTo(key.apply("/logs/voicemode_events_2025-06-24.jsonl.gz", voiceMode))
        .isNotEqualTo(key.apply("/other/voicemode_events_2025-06-23.jsonl", voiceMode));
    assertThat(key.apply("/logs/voicelog_events_2026-11-21.jsonl", nativeLine))
        .isEqualTo(key.apply("/logs/voicelog_events_2026-11-22.jsonl", nativeLine));
  }

  @Test
  void withoutStitchingNoNegativeResponseTimeAppearsEither() throws IOException {
    Analysis.Result r = Analysis.conversations(List.of(Fixtures.copy(Fixtures.VOICEMODE, tmp)),
        AnalysisOptions.builder().stitchGap(java.time.Duration.ZERO).build(), LogReader.create());
    assertThat(r.conversations()).hasSize(4);
    for (Conversation c : r.conversations()) {
      for (Turn t : c.turns()) {
        assertThat(t.metrics().values()).allMatch(v -> v >= 0);
        assertThat(t.metrics()).doesNotContainKey(Metric.RESPONSE_TIME);
      }
    }
  }

  @Test
  void theNativeFixtureHasItsToolCallInterruptionAndLosses() throws IOException {
    Analysis.Result r = analyse(Fixtures.NATIVE);
    assertThat(r.conversations()).extracting(Conversation::id).containsExactly("call_7f3a", "call_9c21");
    Conversation a = r.conversations().get(0);
    assertThat(a.turns()).hasSize(5);
    assertThat(a.turns().get(0).hasUserPart()).isFalse();
    assertThat(a.turns().get(1).metrics()).containsEntry(Metric.VOICE_TO_VOICE, us(2.21)).containsEntry(Metric.TOOL_TIME, us(0.76));
    assertThat(a.turns().get(2).interrupted()).isTrue();
    assertThat(a.turns().get(2).metrics()).containsEntry(Metric.PLAYBACK_DURATION, us(1.72));
    assertThat(a.fields()).containsEntry("provider", "deepgram");
    Conversation b = r.conversations().get(1);
    assertThat(b.lostEvents()).isEqualTo(2);
    assertThat(b.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.LOST_EVENTS, Anomaly.Kind.ERROR,
        Anomaly.Kind.ERROR);
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("session call_9c21 skips seq 20..21: 2 events lost"));
  }

  @Test
  void theRealtimeGuideLogIsOneSessionWithMappedMilestones() throws IOException {
    Analysis.Result r = analyse(Fixtures.REALTIME);
    Conversation c = r.conversations().get(0);
    assertThat(c.id()).isEqualTo("realtime_api_20251025_120000");
    assertThat(c.fields()).containsEntry("model", "gpt-4o-realtime-preview-2024-12-17").containsEntry("voice", "alloy");
    assertThat(c.preamble()).extracting(LogEvent::type)
        .containsExactly("connection.opened", "session.update_sent", "session.created", "session.updated");
    assertThat(c.turns()).hasSize(3);
    assertThat(c.turns().get(0).metrics()).containsEntry(Metric.VOICE_TO_VOICE, us(0.51)).containsEntry(Metric.EOU_DELAY, us(0.03));
    assertThat(c.turns().get(1).interrupted()).isTrue();
    assertThat(c.turns().get(1).playedPosition()).hasValue(us(3.1));
    assertThat(c.turns().get(2).anomalies()).singleElement().extracting(Anomaly::message)
        .isEqualTo("error@16.020000s: Rate limit reached for requests");
  }
}
