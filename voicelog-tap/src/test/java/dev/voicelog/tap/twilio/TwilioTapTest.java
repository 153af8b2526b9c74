package dev.voicelog.tap.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls played from a simulated Twilio through the tap to a simulated agent, on real WebSockets, in
 * lock-step with a manual clock (each 20 ms frame moves the clock 20 ms, and the next frame goes only
 * when the agent has answered the last): so the truth of every moment is known, and the test runs far
 * faster than the call it plays.
 */
class TwilioTapTest {
  static final String CANARY = "tok_CANARYtwilio0123456789abcdef";
  static final long MS = 1_000_000L;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
  final StringWriter console = new StringWriter();
  final SessionEnds ended = new SessionEnds();
  VoiceLog log;
  SimulatedAgent agent;
  TwilioTap tap;
  SimulatedTwilio twilio;
  long clockBeforeCall;

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {twilio, tap, agent}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing
      }
    }
    if (log != null) {
      log.close();
    }
  }

  private void start(SimulatedAgent.Mistake mistake, List<Integer> replies) {
    clockBeforeCall = clock.nanoTime();
    log = VoiceLog.builder().directory(dir.resolve("log")).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .audioStatsInterval(Duration.ofHours(1)).addListener(new CallConsole(new PrintWriter(console, true)))
        .addListener(ended).build();
    agent = new SimulatedAgent(clock, mistake, 700, 300, replies);
    tap = TwilioTap.builder().log(log).upstream(URI.create(agent.url())).listen("127.0.0.1", 0)
        .recordings(dir.resolve("recordings")).start();
    twilio = new SimulatedTwilio("ws://127.0.0.1:" + tap.port() + "/media?tenant=acme", clock, agent);
  }

  /** Twilio stops the stream and closes; waits until the call's last line is written. */
  private void hangUp() throws InterruptedException {
    twilio.stop();
    twilio.close();
    ended.await(1, Duration.ofSeconds(20));
    log.flush(Duration.ofSeconds(10));
  }

  private List<JsonNode> events(String type) {
    return LogFiles.events(dir.resolve("log"), type);
  }

  private List<Turn> turns() throws Exception {
    var conversations = Analysis.conversations(List.of(dir.resolve("log")), AnalysisOptions.defaults(), LogReader.create())
        .conversations();
    assertThat(conversations).hasSize(1);
    return conversations.get(0).turns();
  }

  @Test
  void aSyntheticCallMeasuresEveryTurnWithin30MsOfTheTruthAndFindsTheInterruption() throws Exception {
    start(SimulatedAgent.Mistake.NONE, List.of(1_000, 3_000, 800));
    twilio.start(Map.of("tenant", "acme", "auth_token", CANARY));
    // three utterances (ms of the stream); the third talks over the agent's 3 s second reply
    double[][] caller = {{1_013, 2_007}, {4_511, 5_493}, {7_029, 7_987}};
    twilio.talk(10_500, caller, 3_000);
    hangUp();

    // the truth, from the simulation's own clock readings
    long zero = twilio.streamZeroNanos;
    List<Long> replies = agent.replySentNanos;
    assertThat(replies).hasSize(3);
    assertThat(agent.clearSentNanos).hasSize(1);
    long[] truthMicros = {
        (replies.get(0) - zero - 2_007 * MS) / 1_000, (replies.get(1) - zero - 5_493 * MS) / 1_000, (replies.get(2) - zero - 7_987 * MS) / 1_000};

    List<Turn> turns = turns();
    assertThat(turns).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(turns.get(i).metric(Metric.VOICE_TO_VOICE)).as("turn %d voice_to_voice", i + 1).isPresent();
      assertThat(turns.get(i).metric(Metric.VOICE_TO_VOICE).getAsLong()).as("turn %d voice_to_voice (µs)", i + 1)
          .isCloseTo(truthMicros[i], within(30_000L));
      assertThat(turns.get(i).metric(Metric.USER_SPEECH).getAsLong() / 1000.0).as("turn %d caller speech (ms)", i + 1)
          .isCloseTo(caller[i][1] - caller[i][0], within(30.0));
    }
    assertThat(turns.get(0).interrupted()).isFalse();
    assertThat(turns.get(1).interrupted()).as("the caller talked over the second reply and the agent cleared it").isTrue();
    assertThat(turns.get(1).playedPosition().getAsLong()).isEqualTo((agent.clearSentNanos.get(0) - replies.get(1)) / 1_000);
    assertThat(turns.get(2).interrupted()).isFalse();
    assertThat(turns.get(2).metric(Metric.PLAYBACK_DURATION).getAsLong()).isEqualTo(800_000);

    // the stream's messages, forwarded unchanged and logged
    JsonNode start = events("twilio.start").get(0).path("data");
    assertThat(start.path("start").path("callSid").asText()).isEqualTo(SimulatedTwilio.CALL_SID);
    assertThat(start.path("start").path("customParameters").path("tenant").asText()).isEqualTo("acme");
    assertThat(start.path("start").path("customParameters").path("auth_token").asText()).isEqualTo("[secret]");
    assertThat(events("twilio.connected")).hasSize(1);
    assertThat(events("twilio.dtmf").get(0).path("data").path("dtmf").path("digit").asText()).isEqualTo("5");
    assertThat(events("twilio.stop")).hasSize(1);
    assertThat(events("twilio.media")).as("the first media of each direction").hasSize(2)
        .allSatisfy(m -> assertThat(m.path("data").path("media").has("payload")).isFalse());
    JsonNode clear = events("twilio.clear").get(0).path("data");
    assertThat(clear.path("played_ms").asDouble()).isEqualTo((agent.clearSentNanos.get(0) - replies.get(1)) / 1e6);
    List<JsonNode> echoes = events("twilio.mark").stream()
        .filter(m -> m.path("data").path("direction").asText().equals("client_to_server")).toList();
    assertThat(echoes).hasSize(3);
    assertThat(echoes.get(0).path("data").path("playout_error_ms").asDouble()).as("Twilio played where the model said")
        .isCloseTo(0, within(20.0));
    assertThat(echoes.get(1).path("data").path("cleared").asBoolean()).isTrue();
    assertThat(twilio.fromAgent).hasSize(1_000 / 20 + 3_000 / 20 + 800 / 20 + 3 + 1);

    JsonNode summary = events("call.summary").get(0).path("data");
    assertThat(summary.path("playbacks").asInt()).isEqualTo(3);
    assertThat(summary.path("interruptions").asInt()).isEqualTo(1);
    assertThat(summary.path("diagnostics").size()).isZero();
    assertThat(events("ERROR")).isEmpty();

    // the recording: caller left, agent right, sample 0 at the session's start_t (nothing moved the clock before the call)
    JsonNode saved = events("RECORDING_SAVED").get(0).path("data");
    WavFile wav = WavReader.read(Path.of(saved.path("path").asText()));
    double sampleZeroMs = (clockBeforeCall - zero) / 1e6 + saved.path("start_t").asDouble() * 1000;
    assertThat(Signals.onsetMs(wav.channel(0), 8_000) + sampleZeroMs).as("caller onset, stream ms").isCloseTo(1_013, within(5.0));
    assertThat(Signals.onsetMs(wav.channel(1), 8_000) + sampleZeroMs).as("agent onset, stream ms").isCloseTo((replies.get(0) - zero) / 1e6, within(5.0));

    String out = console.toString();
    assertThat(out).contains("Twilio stream " + SimulatedTwilio.STREAM_SID + " of call " + SimulatedTwilio.CALL_SID)
        .contains("caller pressed 5").contains("agent cleared Twilio's queue").contains("(interrupted)")
        .containsPattern("turn 1: voice_to_voice 0\\.7\\d\\d s").contains("turns: 3").contains("recording: ");
    assertNoCanary(out);
  }


  private void assertNoCanary(String consoleText) throws Exception {
    assertThat(consoleText).doesNotContain(CANARY);
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(CANARY);
      }
    }
  }

  @ParameterizedTest(name = "{0} is diagnosed as {1}")
  @CsvSource({
      "MEDIA_BEFORE_START, media_before_start",
      "WRONG_STREAM_SID, wrong_stream_sid",
      "PCM_AS_MULAW, outbound_wrong_encoding",
      "ODD_FRAME_SIZES, outbound_frame_size",
      "SILENCE, outbound_silence",
      "SLOW, outbound_slow"})
  void eachMistakeOfTheSilentCallIsNamedInTheLogAndOnTheConsole(SimulatedAgent.Mistake mistake, String anomaly) throws Exception {
    start(mistake, List.of(1_200));
    twilio.start(Map.of());
    twilio.talk(4_000, new double[][] {{500, 1_300}}, -1);
    hangUp();
    List<JsonNode> found = events("ERROR").stream()
        .filter(e -> e.path("data").path("anomaly").asText().equals(anomaly)).toList();
    assertThat(found).as("%s in %s", anomaly, events("ERROR")).isNotEmpty();
    assertThat(found.get(0).path("data").path("source").asText()).isEqualTo("twilio");
    assertThat(console.toString()).contains("! " + anomaly + ": ");
    assertThat(events("ERROR")).as("only the mistake made").allSatisfy(e -> assertThat(e.path("data").path("anomaly").asText())
        .isIn(anomaly, mistake == SimulatedAgent.Mistake.ODD_FRAME_SIZES ? "outbound_frame_size" : anomaly));
    if (mistake == SimulatedAgent.Mistake.MEDIA_BEFORE_START || mistake == SimulatedAgent.Mistake.WRONG_STREAM_SID) {
      assertThat(found.get(0).path("data").path("error").asText()).contains("Twilio drops it, the caller hears nothing");
    }
    if (mistake == SimulatedAgent.Mistake.WRONG_STREAM_SID) {
      assertThat(events("TTS_PLAYBACK_START")).as("what Twilio drops is never heard").isEmpty();
    }
  }

  @Test
  void aMessageThatIsNotMediaStreamsIsRelayedAndNamed() throws Exception {
    start(SimulatedAgent.Mistake.NONE, List.of());
    twilio.start(Map.of());
    twilio.send("{\"event\":\"media\",\"media\":{\"payload\":\"AAA\"");
    twilio.send("[1,2,3]");
    twilio.talk(200, new double[][] {}, -1);
    hangUp();
    List<JsonNode> malformed = events("ERROR").stream().filter(e -> e.path("data").path("anomaly").asText().equals("malformed")).toList();
    assertThat(malformed).hasSize(2);
    assertThat(malformed.get(0).path("data").path("error").asText()).startsWith("a message that is not Media Streams: not JSON");
    assertThat(malformed.get(1).path("data").path("error").asText()).contains("not a JSON object");
    assertThat(agent.server.peers.peek().received).as("relayed all the same").contains("[1,2,3]");
    assertThat(events("call.summary").get(0).path("data").path("caller_audio_ms").asDouble()).isEqualTo(200);
  }
}
