package dev.voicelog.tap.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.read.LogReader;
import dev.voicelog.tap.call.CallConsole;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import dev.voicelog.testing.SessionEnds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls played from a simulated Asterisk through the tap to a simulated AudioSocket agent, on real TCP
 * sockets, in lock-step with a manual clock (each 20 ms frame moves the clock 20 ms, and the next goes only
 * when the agent has answered the last), so the truth of every moment is known.
 */
class AudioSocketTapTest {
  static final long MS = 1_000_000L;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
  final StringWriter console = new StringWriter();
  final SessionEnds ended = new SessionEnds();
  VoiceLog log;
  SimulatedAudioSocketAgent agent;
  AudioSocketTap tap;
  SimulatedAsterisk asterisk;
  long clockBeforeCall;

  @AfterEach
  void tearDown() throws Exception {
    if (asterisk != null) {
      asterisk.close();
    }
    if (tap != null) {
      tap.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (log != null) {
      log.close();
    }
  }

  private void start(SimulatedAudioSocketAgent.Mistake mistake, List<Integer> replies) throws Exception {
    start(SimulatedAsterisk.SLIN, mistake, replies);
  }

  private void start(AudioFormat format, SimulatedAudioSocketAgent.Mistake mistake, List<Integer> replies) throws Exception {
    clockBeforeCall = clock.nanoTime();
    log = VoiceLog.builder().directory(dir.resolve("log")).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .audioStatsInterval(Duration.ofHours(1)).addListener(new CallConsole(new PrintWriter(console, true)))
        .addListener(ended).build();
    agent = new SimulatedAudioSocketAgent(clock, format, mistake, 700, 300, replies);
    tap = AudioSocketTap.builder().log(log).upstream("127.0.0.1", agent.port()).listen("127.0.0.1", 0)
        .recordings(dir.resolve("recordings")).start();
    asterisk = new SimulatedAsterisk(tap.port(), format, clock, agent);
    asterisk.start();
  }

  private void hangUp() throws Exception {
    asterisk.hangUp();
    ended.await(1, Duration.ofSeconds(20));
    log.flush(Duration.ofSeconds(10));
  }

  private List<JsonNode> events(String type) {
    return LogFiles.events(dir.resolve("log"), type);
  }

  private List<JsonNode> anomalies(String id) {
    return events("ERROR").stream().filter(e -> e.path("data").path("anomaly").asText().equals(id)).toList();
  }

  @Test
  void aSyntheticCallMeasuresEveryTurnWithin30MsOfTheTruthAndFindsTheInterruption() throws Exception {
    start(SimulatedAudioSocketAgent.Mistake.NONE, List.of(1_000, 3_000, 800));
    double[][] caller = {{1_013, 2_007}, {4_511, 5_493}, {7_029, 7_987}};
    asterisk.talk(10_500, caller, 3_000);
    hangUp();

    long zero = asterisk.streamZeroNanos;
    List<Long> replies = agent.replySentNanos;
    assertThat(replies).hasSize(3);
    assertThat(agent.stoppedNanos).as("the agent stopped when talked over").hasSize(1);
    long[] truthMicros = {
        (replies.get(0) - zero - 2_007 * MS) / 1_000, (replies.get(1) - zero - 5_493 * MS) / 1_000, (replies.get(2) - zero - 7_987 * MS) / 1_000};

    List<Turn> turns = Analysis.conversations(List.of(dir.resolve("log")), AnalysisOptions.defaults(), LogReader.create())
        .conversations().get(0).turns();
    assertThat(turns).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(turns.get(i).metric(Metric.VOICE_TO_VOICE).getAsLong()).as("turn %d voice_to_voice (µs)", i + 1)
          .isCloseTo(truthMicros[i], within(30_000L));
      assertThat(turns.get(i).metric(Metric.USER_SPEECH).getAsLong() / 1000.0).as("turn %d caller speech (ms)", i + 1)
          .isCloseTo(caller[i][1] - caller[i][0], within(30.0));
    }
    assertThat(turns.get(0).interrupted()).isFalse();
    assertThat(turns.get(1).interrupted()).as("the agent stopped while the caller talked over it").isTrue();
    assertThat(turns.get(1).playedPosition().getAsLong()).isEqualTo((agent.stoppedNanos.get(0) - replies.get(1)) / 1_000);
    assertThat(turns.get(1).milestone(dev.voicelog.EventType.TTS_PLAYBACK_INTERRUPTED).get("cut_by")).isEqualTo("caller_speech");
    assertThat(turns.get(2).interrupted()).isFalse();
    assertThat(turns.get(2).metric(Metric.PLAYBACK_DURATION).getAsLong()).isEqualTo(800_000);

    // the UUID names the call; the frames are logged; every byte went through unchanged
    assertThat(LogFiles.events(dir.resolve("log"))).allSatisfy(e -> assertThat(e.path("session_id").asText()).isEqualTo(SimulatedAsterisk.UUID));
    assertThat(events("audiosocket.uuid").get(0).path("data").path("uuid").asText()).isEqualTo(SimulatedAsterisk.UUID);
    assertThat(events("audiosocket.dtmf").get(0).path("data").path("digit").asText()).isEqualTo("7");
    assertThat(events("audiosocket.audio")).extracting(e -> e.path("data").path("format").asText()).containsExactly("pcm16le@8000", "pcm16le@8000");
    assertThat(asterisk.received.toByteArray()).isEqualTo(agent.written.toByteArray());
    JsonNode end = events("SESSION_END").get(0).path("data");
    assertThat(end.path("closed_by").asText()).isEqualTo("client");
    assertThat(end.path("bytes_from_upstream").asLong()).isEqualTo(agent.written.size());
    assertThat(events("ERROR")).isEmpty();
    JsonNode summary = events("call.summary").get(0).path("data");
    assertThat(summary.path("playbacks").asInt()).isEqualTo(3);
    assertThat(summary.path("interruptions").asInt()).isEqualTo(1);

    JsonNode saved = events("RECORDING_SAVED").get(0).path("data");
    assertThat(Path.of(saved.path("path").asText()).getFileName().toString()).isEqualTo(SimulatedAsterisk.UUID + ".wav");
    WavFile wav = WavReader.read(Path.of(saved.path("path").asText()));
    double sampleZeroMs = (clockBeforeCall - zero) / 1e6 + saved.path("start_t").asDouble() * 1000;
    assertThat(Signals.onsetMs(wav.channel(0), 8_000) + sampleZeroMs).as("caller onset, stream ms").isCloseTo(1_013, within(5.0));
    assertThat(Signals.onsetMs(wav.channel(1), 8_000) + sampleZeroMs).as("agent onset, stream ms").isCloseTo((replies.get(0) - zero) / 1e6, within(5.0));

    assertThat(console.toString()).contains("AudioSocket call " + SimulatedAsterisk.UUID).contains("caller pressed 7")
        .contains("agent interrupted after 1.14 s (it stopped while the caller talked over it)")
        .containsPattern("turn 1: voice_to_voice 0\\.7\\d\\d s").contains("turns: 3");
  }

  @ParameterizedTest(name = "slin at {0} Hz (kind {1})")
  @CsvSource({"12000, 0x11", "16000, 0x12", "44100, 0x15", "192000, 0x18"})
  void aCallAtAnyOfAudioSocketsRatesIsMeasuredAndRecordedAtItsRate(int rate, String kind) throws Exception {
    AudioFormat format = AudioFormat.audioSocket(Integer.decode(kind));
    assertThat(format.sampleRate()).isEqualTo(rate);
    start(format, SimulatedAudioSocketAgent.Mistake.NONE, List.of(1_000, 600));
    double[][] caller = {{1_013, 2_007}, {4_511, 5_493}};
    asterisk.talk(7_500, caller, -1);
    hangUp();

    long zero = asterisk.streamZeroNanos;
    List<Long> replies = agent.replySentNanos;
    assertThat(replies).hasSize(2);
    List<Turn> turns = Analysis.conversations(List.of(dir.resolve("log")), AnalysisOptions.defaults(), LogReader.create())
        .conversations().get(0).turns();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).metric(Metric.VOICE_TO_VOICE).getAsLong()).as("turn 1 voice_to_voice (µs)")
        .isCloseTo((replies.get(0) - zero - 2_007 * MS) / 1_000, within(30_000L));
    assertThat(turns.get(1).metric(Metric.VOICE_TO_VOICE).getAsLong()).as("turn 2 voice_to_voice (µs)")
        .isCloseTo((replies.get(1) - zero - 5_493 * MS) / 1_000, within(30_000L));
    assertThat(events("audiosocket.audio")).extracting(e -> e.path("data").path("format").asText())
        .containsExactly("pcm16le@" + rate, "pcm16le@" + rate);
    assertThat(events("audiosocket.audio")).extracting(e -> e.path("data").path("kind").asText()).containsOnly(kind);
    assertThat(asterisk.received.toByteArray()).isEqualTo(agent.written.toByteArray());
    assertThat(events("ERROR")).isEmpty();

    WavFile wav = WavReader.read(Path.of(events("RECORDING_SAVED").get(0).path("data").path("path").asText()));
    assertThat(wav.format().sampleRate()).as("recorded at the call's rate, 96 and 192 kHz at 48 kHz").isEqualTo(Math.min(rate, 48_000));
    assertThat(wav.channel(0)).as("the caller, left").isNotEmpty();
  }


  @ParameterizedTest(name = "{0} is diagnosed as {1}")
  @CsvSource({
      "MULAW_AS_SLIN, outbound_wrong_encoding",
      "ODD_FRAME_SIZES, outbound_frame_size",
      "SILENCE, outbound_silence",
      "SLOW, outbound_slow"})
  void eachMistakeOfTheSilentCallIsNamedInTheLogAndOnTheConsole(SimulatedAudioSocketAgent.Mistake mistake, String anomaly) throws Exception {
    start(mistake, List.of(1_200));
    asterisk.talk(4_000, new double[][] {{500, 1_300}}, -1);
    hangUp();
    assertThat(anomalies(anomaly)).as("%s in %s", anomaly, events("ERROR")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.path("data").path("source").asText()).isEqualTo("audiosocket"));
    assertThat(events("ERROR")).as("only the mistake made").allSatisfy(e -> assertThat(e.path("data").path("anomaly").asText()).isEqualTo(anomaly));
    assertThat(console.toString()).contains("! " + anomaly + ": ");
    if (mistake == SimulatedAudioSocketAgent.Mistake.MULAW_AS_SLIN) {
      assertThat(anomalies(anomaly).get(0).path("data").path("error").asText()).contains("G.711 sent as PCM");
    }
  }

  @Test
  void unknownKindsAndMalformedFramesAreLoggedWithTheirOffsetsAndEveryByteIsStillRelayed() throws Exception {
    start(SimulatedAudioSocketAgent.Mistake.BROKEN_FRAMING, List.of(600));
    asterisk.talk(3_000, new double[][] {{500, 1_000}}, -1);
    hangUp();
    assertThat(asterisk.received.toByteArray()).as("relayed unchanged").isEqualTo(agent.written.toByteArray());
    JsonNode unknown = events("audiosocket.unknown").get(0).path("data");
    assertThat(unknown.path("kind").asText()).isEqualTo("0x42");
    assertThat(unknown.path("offset").asLong()).isZero();
    List<JsonNode> malformed = anomalies("malformed");
    assertThat(malformed).hasSize(2);
    assertThat(malformed.get(0).path("data").path("offset").asLong()).isEqualTo(7);
    assertThat(malformed.get(0).path("data").path("error").asText()).startsWith("from the agent: malformed frame header at offset 7")
        .contains("a UUID is 16 bytes");
    assertThat(malformed.get(1).path("data").path("error").asText()).contains("frames found again at offset 25");
    assertThat(events("TTS_PLAYBACK_START")).as("the agent's audio after the bad frame is read again").isNotEmpty();
    assertThat(events("SESSION_END").get(0).path("data").path("closed_by").asText()).isEqualTo("client");
    assertThat(console.toString()).contains("unknown frame kind 0x42 (4 bytes), relayed").contains("! malformed: from the agent");
  }

  @Test
  void aStreamThatEndsInsideAFrameIsReportedAndTheCallEndsCleanly() throws Exception {
    start(SimulatedAudioSocketAgent.Mistake.TRUNCATES, List.of(400));
    asterisk.talk(4_000, new double[][] {{500, 1_000}}, -1);
    hangUp();
    assertThat(agent.hungUp).isTrue();
    assertThat(asterisk.received.toByteArray()).as("relayed unchanged, the broken frame too").isEqualTo(agent.written.toByteArray());
    JsonNode truncated = anomalies("truncated_frame").get(0).path("data");
    assertThat(truncated.path("offset").asLong()).isEqualTo(19 * 323L);
    assertThat(truncated.path("error").asText()).contains("the header says 320 payload bytes, 100 arrived");
    assertThat(events("SESSION_END").get(0).path("data").path("closed_by").asText()).isEqualTo("upstream");
    assertThat(events("RECORDING_SAVED")).hasSize(1);
  }
}
