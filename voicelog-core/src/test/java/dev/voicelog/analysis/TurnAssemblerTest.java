package dev.voicelog.analysis;

import static dev.voicelog.EventType.LLM_FIRST_TOKEN;
import static dev.voicelog.EventType.LLM_REQUEST;
import static dev.voicelog.EventType.RECORDING_END;
import static dev.voicelog.EventType.RECORDING_START;
import static dev.voicelog.EventType.SESSION_START;
import static dev.voicelog.EventType.STT_COMPLETE;
import static dev.voicelog.EventType.STT_START;
import static dev.voicelog.EventType.TTS_FIRST_AUDIO;
import static dev.voicelog.EventType.TTS_PLAYBACK_END;
import static dev.voicelog.EventType.TTS_PLAYBACK_INTERRUPTED;
import static dev.voicelog.EventType.TTS_PLAYBACK_START;
import static dev.voicelog.EventType.TTS_START;
import static dev.voicelog.EventType.TURN_END_DETECTED;
import static dev.voicelog.EventType.USER_SPEECH_END;
import static dev.voicelog.EventType.USER_SPEECH_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnAssemblerTest {
  private final List<Turn> turns = new ArrayList<>();
  private TurnAssembler assembler = new TurnAssembler(AnalysisOptions.defaults(), turns::add);
  private long seq;

  private void at(double seconds, String type, Object... kv) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      data.put((String) kv[i], kv[i + 1]);
    }
    assembler.accept(LogEvent.of("s", type, ++seq, Math.round(seconds * 1e6), LogEvent.NO_TIMESTAMP, 0, data));
  }

  private void at(double seconds, EventType type, Object... kv) {
    at(seconds, type.name(), kv);
  }

  private static long us(double seconds) {
    return Math.round(seconds * 1e6);
  }

  @Test
  void everyMetricOfAFullTurnAndAWaterfallThatSumsExactly() {
    at(0.0, SESSION_START, "provider", "deepgram");
    at(1.000, RECORDING_START);
    at(1.100, USER_SPEECH_START);
    at(2.600, USER_SPEECH_END);
    at(2.610, STT_START);
    at(2.700, RECORDING_END);
    at(2.850, TURN_END_DETECTED);
    at(2.913, STT_COMPLETE, "transcript", "book a table");
    at(2.920, LLM_REQUEST, "model", "gpt-4o-mini");
    at(3.301, LLM_FIRST_TOKEN);
    at(3.310, "TOOL_REQUEST_START", "tool", "book");
    at(3.710, "TOOL_REQUEST_END", "tool", "book");
    at(3.802, TTS_START, "message", "Done: table for two at eight.");
    at(4.019, TTS_FIRST_AUDIO);
    at(4.061, TTS_PLAYBACK_START);
    at(6.000, TTS_PLAYBACK_END);
    assembler.finish();

    assertThat(turns).singleElement().satisfies(t -> {
      assertThat(t.number()).isEqualTo(1);
      assertThat(t.metrics()).containsExactly(
          entry(Metric.VOICE_TO_VOICE, us(1.461)),
          entry(Metric.RESPONSE_TIME, us(1.202)),
          entry(Metric.TTFA, us(0.217)),
          entry(Metric.LLM_TTFT, us(0.381)),
          entry(Metric.STT_LATENCY, us(0.303)),
          entry(Metric.TRANSCRIPTION_DELAY, us(0.313)),
          entry(Metric.EOU_DELAY, us(0.250)),
          entry(Metric.THINK_TIME, us(0.889)),
          entry(Metric.TOOL_TIME, us(0.400)),
          entry(Metric.PLAYBACK_DURATION, us(1.939)),
          entry(Metric.RECORDING_DURATION, us(1.700)),
          entry(Metric.USER_SPEECH, us(1.500)));
      assertThat(t.waterfall()).extracting(Turn.Segment::from, Turn.Segment::to, Turn.Segment::micros).containsExactly(
          org.assertj.core.groups.Tuple.tuple(USER_SPEECH_END, STT_COMPLETE, us(0.313)),
          org.assertj.core.groups.Tuple.tuple(STT_COMPLETE, LLM_REQUEST, us(0.007)),
          org.assertj.core.groups.Tuple.tuple(LLM_REQUEST, LLM_FIRST_TOKEN, us(0.381)),
          org.assertj.core.groups.Tuple.tuple(LLM_FIRST_TOKEN, TTS_START, us(0.501)),
          org.assertj.core.groups.Tuple.tuple(TTS_START, TTS_FIRST_AUDIO, us(0.217)),
          org.assertj.core.groups.Tuple.tuple(TTS_FIRST_AUDIO, TTS_PLAYBACK_START, us(0.042)));
      assertThat(t.waterfall().stream().mapToLong(Turn.Segment::micros).sum()).isEqualTo(t.metrics().get(Metric.VOICE_TO_VOICE));
      assertThat(t.anomalies()).isEmpty();
      assertThat(t.userText()).isEqualTo("book a table");
      assertThat(t.agentText()).isEqualTo("Done: table for two at eight.");
      assertThat(t.field("model")).isEqualTo("gpt-4o-mini");
      assertThat(t.field("provider")).isEqualTo("deepgram"); // from the conversation's SESSION_START
      assertThat(t.field("TOOL_REQUEST_START.tool")).isEqualTo("book");
      assertThat(t.field("TTS_START.model")).isNull();
      assertThat(t.milestone(TTS_START).seq()).isEqualTo(13);
    });
  }

  @Test
  void aGreetingIsATurnWithoutAUserPartAndEachUserStartBeginsTheNext() {
    at(0.0, SESSION_START);
    at(0.2, TTS_START);
    at(0.4, TTS_FIRST_AUDIO);
    at(0.5, TTS_PLAYBACK_START);
    at(1.5, TTS_PLAYBACK_END);
    assertThat(turns).isEmpty();
    at(2.0, USER_SPEECH_START);
    assertThat(turns).hasSize(1); // handed over as soon as the next turn begins
    at(3.0, USER_SPEECH_END);
    at(4.0, USER_SPEECH_START);
    at(5.0, USER_SPEECH_END);
    assembler.finish();
    assertThat(turns).extracting(Turn::number).containsExactly(1, 2, 3);
    assertThat(turns.get(0).hasUserPart()).isFalse();
    assertThat(turns.get(0).metrics()).containsOnlyKeys(Metric.TTFA, Metric.PLAYBACK_DURATION);
    assertThat(turns.get(1).hasUserPart()).isTrue();
    assertThat(turns.get(1).hasAgentPart()).isFalse();
  }

  @Test
  void aRecorderThatOpensAndThenHearsSpeechIsOneTurn() {
    at(1.0, RECORDING_START);
    at(1.2, USER_SPEECH_START);
    at(2.0, USER_SPEECH_END);
    at(2.1, RECORDING_END);
    at(3.0, RECORDING_START);
    at(3.5, USER_SPEECH_START);
    assembler.finish();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).metrics()).containsEntry(Metric.RECORDING_DURATION, us(1.1)).containsEntry(Metric.USER_SPEECH, us(0.8));
  }

  @Test
  void aTapsBackdatedSpeechStartAndTheRealtimeEventItCameFromAreOneTurn() {
    at(0.80, USER_SPEECH_START); // the tap: where the speech really began in the forwarded audio
    at(1.10, "input_audio_buffer.speech_started"); // the server's event, as received
    at(2.00, "input_audio_buffer.speech_stopped");
    at(2.10, USER_SPEECH_END);
    at(2.40, "response.created");
    at(2.90, "response.output_audio.delta");
    at(4.00, "input_audio_buffer.speech_started");
    assembler.finish();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).milestone(USER_SPEECH_START).type()).isEqualTo("USER_SPEECH_START");
    assertThat(turns.get(0).metrics()).containsEntry(Metric.USER_SPEECH, us(1.2)).containsEntry(Metric.VOICE_TO_VOICE, us(0.9));
  }

  @Test
  void aBargeInEndsThePlaybackOfTheTurnItInterrupts() {
    at(1.0, USER_SPEECH_START);
    at(2.0, USER_SPEECH_END);
    at(2.5, TTS_START);
    at(2.7, TTS_FIRST_AUDIO);
    at(2.8, TTS_PLAYBACK_START);
    at(4.0, USER_SPEECH_START); // backdated VAD start, logged before the agent stopped talking
    at(4.25, TTS_PLAYBACK_INTERRUPTED, "played_ms", 1450);
    at(5.0, USER_SPEECH_END);
    at(5.5, TTS_START);
    at(5.7, TTS_FIRST_AUDIO);
    at(5.8, TTS_PLAYBACK_START);
    at(7.0, TTS_PLAYBACK_END);
    assembler.finish();
    assertThat(turns).hasSize(2);
    Turn cut = turns.get(0);
    assertThat(cut.interrupted()).isTrue();
    assertThat(cut.metrics()).containsEntry(Metric.PLAYBACK_DURATION, us(1.45));
    assertThat(cut.playedPosition()).hasValue(us(1.45));
    assertThat(cut.anomalies()).isEmpty();
    assertThat(turns.get(1).interrupted()).isFalse();
    assertThat(turns.get(1).metrics()).containsEntry(Metric.PLAYBACK_DURATION, us(1.2)).containsEntry(Metric.VOICE_TO_VOICE, us(0.8));
    assertThat(turns.get(1).anomalies()).isEmpty();
  }

  @Test
  void aTurnThatInterruptedAndWasInterruptedKeepsItsOwnPlayback() {
    at(1.0, USER_SPEECH_START);
    at(2.0, USER_SPEECH_END);
    at(2.5, TTS_START);
    at(2.7, TTS_FIRST_AUDIO);
    at(2.8, TTS_PLAYBACK_START);
    at(4.0, USER_SPEECH_START);
    at(4.2, TTS_PLAYBACK_INTERRUPTED); // ends turn 1's playback
    at(5.0, USER_SPEECH_END);
    at(5.5, TTS_START);
    at(5.7, TTS_FIRST_AUDIO);
    at(5.8, TTS_PLAYBACK_START);
    at(6.5, USER_SPEECH_START);
    at(6.7, TTS_PLAYBACK_INTERRUPTED); // ends turn 2's playback, although turn 2 held a stop before its own start
    at(7.0, USER_SPEECH_END);
    assembler.finish();
    assertThat(turns).extracting(Turn::interrupted).containsExactly(true, true, false);
    assertThat(turns.get(0).metrics()).containsEntry(Metric.PLAYBACK_DURATION, us(1.4));
    assertThat(turns.get(1).metrics()).containsEntry(Metric.PLAYBACK_DURATION, us(0.9));
    assertThat(turns).allMatch(t -> t.anomalies().isEmpty());
  }

  @Test
  void aReversedPairIsAnAnomalyNamingBothEventsAndNeverANegativeDuration() {
    at(1.0, USER_SPEECH_START);
    at(1.4, TTS_START); // a producer that starts speaking before the user stopped
    at(1.6, TTS_FIRST_AUDIO);
    at(2.0, USER_SPEECH_END);
    at(2.2, TTS_PLAYBACK_START);
    at(3.0, TTS_PLAYBACK_END);
    assembler.finish();
    Turn t = turns.get(0);
    assertThat(t.metrics()).doesNotContainKey(Metric.RESPONSE_TIME).containsEntry(Metric.VOICE_TO_VOICE, us(0.2));
    assertThat(t.metrics().values()).allMatch(v -> v >= 0);
    assertThat(t.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Anomaly.Kind.REVERSED);
      assertThat(a.metric()).isEqualTo(Metric.RESPONSE_TIME);
      assertThat(a.events()).extracting(EventRef::toString).containsExactly("TTS_START#2", "USER_SPEECH_END#4");
      assertThat(a.message()).isEqualTo("TTS_START#2 at 1.400000s is before USER_SPEECH_END#4 at 2.000000s: response_time not reported");
    });
    // the waterfall only uses milestones inside user_end..playback start, so it still sums
    assertThat(t.waterfall()).extracting(Turn.Segment::from).containsExactly(USER_SPEECH_END);
  }

  @Test
  void brokenPairsErrorsAndNoSpeechAreAnomalies() {
    at(1.0, USER_SPEECH_START);
    at(2.0, USER_SPEECH_END);
    at(2.1, STT_START);
    at(2.4, "STT_NO_SPEECH");
    at(3.0, USER_SPEECH_START);
    at(4.0, USER_SPEECH_END);
    at(4.5, "LLM_ERROR", "error", Map.of("message", "upstream timeout"));
    at(5.0, TTS_START);
    at(5.5, TTS_PLAYBACK_END);
    assembler.finish();
    assertThat(turns.get(0).anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.STT_NO_SPEECH);
    assertThat(turns.get(1).anomalies()).extracting(Anomaly::toString).containsExactly(
        "ERROR (turn 2): LLM_ERROR#7: upstream timeout",
        "MISSING_END (turn 2): TTS_START#8 has no TTS_FIRST_AUDIO in turn 2: ttfa not reported",
        "MISSING_START (turn 2): TTS_PLAYBACK_END#9 has no TTS_PLAYBACK_START before it in turn 2: playback_duration not reported");
  }

  @Test
  void toolCallsPairAcrossTheConversationAndOnlyWholeOnesCount() {
    at(1.0, USER_SPEECH_START);
    at(1.5, USER_SPEECH_END);
    at(1.6, "TOOL_REQUEST_START", "tool", "a");
    at(1.7, "TOOL_REQUEST_START", "tool", "b");
    at(1.9, "TOOL_REQUEST_END", "tool", "b");
    at(2.6, "TOOL_REQUEST_END", "tool", "a");
    at(2.7, "TOOL_REQUEST_START", "tool", "slow");
    at(3.0, USER_SPEECH_START);
    at(3.5, "TOOL_REQUEST_END", "tool", "slow");
    at(3.6, "TOOL_REQUEST_END", "tool", "ghost");
    at(3.7, "TOOL_REQUEST_START", "tool", "never");
    assembler.finish();
    assertThat(turns.get(0).metrics()).containsEntry(Metric.TOOL_TIME, us(1.2));
    assertThat(turns.get(1).metrics()).doesNotContainKey(Metric.TOOL_TIME);
    assertThat(turns.get(1).anomalies()).extracting(Anomaly::message)
        .containsExactly("USER_SPEECH_START#8 has no USER_SPEECH_END in turn 2: user_speech not reported",
            "TOOL_REQUEST_END#9 ends a call that began in turn 1 (TOOL_REQUEST_START#7): counted in neither turn's tool_time",
            "TOOL_REQUEST_END#10 has no TOOL_REQUEST_START before it");
    assertThat(assembler.conversationAnomalies()).extracting(Anomaly::toString)
        .containsExactly("MISSING_END (turn 2): TOOL_REQUEST_START#11 has no TOOL_REQUEST_END in the conversation");
  }

  @Test
  void aTurnOverTheSlowThresholdIsFlagged() {
    assembler = new TurnAssembler(AnalysisOptions.builder().slowThreshold(Duration.ofMillis(1500)).build(), turns::add);
    at(1.0, USER_SPEECH_START);
    at(2.0, USER_SPEECH_END);
    at(3.0, TTS_START);
    at(3.2, TTS_FIRST_AUDIO);
    at(3.6, TTS_PLAYBACK_START);
    at(4.0, TTS_PLAYBACK_END);
    at(5.0, USER_SPEECH_START);
    at(6.0, USER_SPEECH_END);
    at(6.2, TTS_START);
    at(6.4, TTS_FIRST_AUDIO);
    at(6.5, TTS_PLAYBACK_START);
    at(7.0, TTS_PLAYBACK_END);
    assembler.finish();
    assertThat(turns.get(0).anomalies()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Anomaly.Kind.SLOW_TURN);
      assertThat(a.value()).isEqualTo(us(1.6));
      assertThat(a.message()).isEqualTo("voice_to_voice 1.600s is over the 1.500s threshold");
    });
    assertThat(turns.get(1).anomalies()).isEmpty();
  }

  @Test
  void realtimeTypesMeanTheirMilestonesAndTheFirstAudioStandsInForPlayback() {
    at(1.0, "input_audio_buffer.speech_started");
    at(2.5, "input_audio_buffer.speech_stopped");
    at(2.53, "input_audio_buffer.committed");
    at(2.56, "response.created");
    at(2.90, "response.output_audio_transcript.delta");
    at(3.01, "response.output_audio.delta");
    at(3.11, "response.output_audio.delta");
    at(3.14, "conversation.item.input_audio_transcription.completed", "transcript", "hello");
    at(4.0, "response.done");
    at(5.0, "input_audio_buffer.speech_started");
    assembler.finish();
    Turn t = turns.get(0);
    assertThat(t.metrics()).containsEntry(Metric.VOICE_TO_VOICE, us(0.51)).containsEntry(Metric.EOU_DELAY, us(0.03))
        .containsEntry(Metric.TTFA, us(0.45)).containsEntry(Metric.LLM_TTFT, us(0.34))
        .containsEntry(Metric.TRANSCRIPTION_DELAY, us(0.64)).containsEntry(Metric.RESPONSE_TIME, us(0.06));
    assertThat(t.milestone(TTS_PLAYBACK_START).type()).isEqualTo("response.output_audio.delta");
    assertThat(t.milestone(TTS_PLAYBACK_START).seq()).isEqualTo(6);
    assertThat(t.userText()).isEqualTo("hello");
    assertThat(t.anomalies()).isEmpty();
    assertThat(t.waterfall().stream().mapToLong(Turn.Segment::micros).sum()).isEqualTo(us(0.51));
  }
}
