package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a turn tells about its events beyond its metrics: first events of any meaning, the user's and playback's ends. */
class TurnTest {
  private final List<LogEvent> events = new ArrayList<>();

  private LogEvent at(long ms, String type) {
    LogEvent e = LogEvent.of("s", type, events.size() + 1, ms * 1_000, LogEvent.NO_TIMESTAMP, 0, null);
    events.add(e);
    return e;
  }

  private List<Turn> assemble() {
    List<Turn> turns = new ArrayList<>();
    TurnAssembler a = new TurnAssembler(AnalysisOptions.defaults(), turns::add);
    events.forEach(a::accept);
    a.finish();
    return turns;
  }

  @Test
  void firstFindsTheFirstEventOfMeaningsThatAreNoMetricMilestone() {
    at(0, "USER_SPEECH_START");
    at(1_000, "USER_SPEECH_END");
    at(1_050, "STT_START");
    LogEvent noSpeech = at(1_300, "STT_NO_SPEECH");
    at(1_400, "STT_NO_SPEECH");
    LogEvent request = at(1_500, "LLM_REQUEST");
    LogEvent failed = at(1_900, "LLM_ERROR");
    LogEvent complete = at(2_000, "LLM_COMPLETE");

    Turn t = assemble().get(0);

    assertThat(t.milestones()).doesNotContainKeys(EventType.STT_NO_SPEECH, EventType.LLM_ERROR, EventType.LLM_COMPLETE);
    assertThat(t.first(EventType.STT_NO_SPEECH)).isSameAs(noSpeech);
    assertThat(t.first(EventType.LLM_ERROR)).isSameAs(failed);
    assertThat(t.first(EventType.LLM_COMPLETE)).isSameAs(complete);
    assertThat(t.first(EventType.LLM_REQUEST)).isSameAs(request).isSameAs(t.milestone(EventType.LLM_REQUEST));
    assertThat(t.first(EventType.TTS_ERROR)).isNull();
  }

  @Test
  void firstGivesAStandInOnlyWhenTheTurnHasNoEventOfItsOwnForTheMeaning() {
    at(0, "input_audio_buffer.speech_started");
    at(900, "input_audio_buffer.speech_stopped");
    LogEvent created = at(1_000, "response.created");
    LogEvent audio = at(1_300, "response.output_audio.delta");
    LogEvent done = at(1_800, "response.done");
    at(3_000, "input_audio_buffer.speech_started");
    at(3_500, "input_audio_buffer.speech_stopped");
    at(3_600, "response.created");
    LogEvent tts = at(3_650, "TTS_START");
    at(3_700, "response.output_audio.delta");
    LogEvent played = at(3_750, "TTS_PLAYBACK_START");

    List<Turn> turns = assemble();

    Turn realtime = turns.get(0);
    assertThat(realtime.first(EventType.LLM_REQUEST)).isSameAs(created);
    assertThat(realtime.first(EventType.TTS_START)).isSameAs(created).isSameAs(realtime.milestone(EventType.TTS_START));
    assertThat(realtime.first(EventType.TTS_PLAYBACK_START)).isSameAs(audio);
    assertThat(realtime.first(EventType.LLM_COMPLETE)).isSameAs(done);
    Turn withOwnEvents = turns.get(1);
    assertThat(withOwnEvents.first(EventType.TTS_START)).isSameAs(tts);
    assertThat(withOwnEvents.first(EventType.TTS_PLAYBACK_START)).isSameAs(played);
  }

  @Test
  void userStartAndEndAreThoseOfTheUserSpeechMetricPreferringSpeechOverRecording() {
    LogEvent recording = at(0, "RECORDING_START");
    LogEvent speech = at(200, "USER_SPEECH_START");
    LogEvent speechEnd = at(1_200, "USER_SPEECH_END");
    at(1_500, "RECORDING_END");
    at(2_000, "TTS_START");

    Turn t = assemble().get(0);

    assertThat(t.userStart()).isSameAs(speech);
    assertThat(t.userEnd()).isSameAs(speechEnd);
    assertThat(t.metric(Metric.USER_SPEECH)).hasValue(speechEnd.t() - speech.t());
    assertThat(t.metric(Metric.RECORDING_DURATION)).hasValue(1_500_000L - recording.t());
  }

  @Test
  void aRecordingAloneIsTheUsersPart() {
    LogEvent start = at(0, "RECORDING_START");
    LogEvent end = at(1_000, "RECORDING_END");

    Turn t = assemble().get(0);

    assertThat(t.userStart()).isSameAs(start);
    assertThat(t.userEnd()).isSameAs(end);
    assertThat(t.hasUserPart()).isTrue();
  }

  @Test
  void playbackStopIsTheEarlierOfEndAndInterruptionWherePlaybackDurationEnds() {
    at(0, "USER_SPEECH_START");
    at(1_000, "USER_SPEECH_END");
    LogEvent start = at(1_500, "TTS_PLAYBACK_START");
    LogEvent cut = at(2_100, "TTS_PLAYBACK_INTERRUPTED");
    at(2_300, "TTS_PLAYBACK_END");

    Turn t = assemble().get(0);

    assertThat(t.playbackStop()).isSameAs(cut);
    assertThat(t.metric(Metric.PLAYBACK_DURATION)).hasValue(cut.t() - start.t());
  }

  @Test
  void aTurnWithoutPlaybackOrUserPartHasNoneOfTheirEnds() {
    at(0, "TTS_START");
    at(300, "TTS_FIRST_AUDIO");

    Turn t = assemble().get(0);

    assertThat(t.userStart()).isNull();
    assertThat(t.userEnd()).isNull();
    assertThat(t.playbackStop()).isNull();
    assertThat(t.hasUserPart()).isFalse();
  }
}
