package dev.voicelog.tap.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.read.LogReader;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call played into {@link CallAudio} on a manual clock, 20 ms at a time: the caller's frames placed by
 * their stream position, the agent's by their arrival, so every expected time is known exactly.
 */
class CallAudioTest {
  static final AudioFormat ULAW = AudioFormat.TWILIO_MULAW;
  static final long MS = 1_000_000L;

  @TempDir Path dir;
  ManualClock clock;
  VoiceLog log;
  Session session;
  CallAudio call;
  long origin;

  @BeforeEach
  void setUp() {
    clock = ManualClock.at("2026-11-21T10:00:00Z");
    log = VoiceLog.builder().directory(dir.resolve("log")).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    session = log.startSession("call-1");
    origin = session.startNanoTime();
    call = CallAudio.builder(session, "test").recordings(dir.resolve("rec")).build();
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  /**
   * Plays {@code ms} of call: each 20 ms the clock moves, the caller's frame (a 440 Hz tone inside
   * {@code callerSpeech}) is fed, then {@code agentAt} is told the time (ms) to send what the agent sends.
   */
  private void play(int ms, double[][] callerSpeech, LongConsumer agentAt) {
    for (int t = 0; t < ms; t += 20) {
      clock.advanceMillis(20);
      call.caller(Signals.frame(ULAW, t, 20, 440, at -> Signals.within(at, callerSpeech)), 0, 160, ULAW, origin + t * MS);
      agentAt.accept(t + 20);
    }
    call.end(clock.nanoTime());
  }

  private void agentSends(byte[] audio) {
    call.agent(audio, 0, audio.length, ULAW, clock.nanoTime());
  }

  private List<JsonNode> events(String type) {
    log.flush(Duration.ofSeconds(10));
    return LogFiles.events(dir.resolve("log"), type);
  }

  private static double ms(JsonNode e) {
    return e.path("t").asDouble() * 1000;
  }

  private List<Turn> turns() throws Exception {
    log.flush(Duration.ofSeconds(10));
    return Analysis.conversations(List.of(dir.resolve("log")), AnalysisOptions.defaults(), LogReader.create())
        .conversations().get(0).turns();
  }

  @Test
  void callerSpeechAndTheAgentsPlayoutMakeTheTurnAndItsVoiceToVoice() throws Exception {
    play(4_600, new double[][] {{1_013, 2_007}}, now -> {
      if (now == 2_600) {
        agentSends(Signals.tone(ULAW, 1_000, 700)); // a reply sent at once, faster than real time
      }
    });
    assertThat(ms(events("USER_SPEECH_START").get(0))).isCloseTo(1_013, within(10.0));
    assertThat(ms(events("USER_SPEECH_END").get(0))).isCloseTo(2_007, within(10.0));
    assertThat(ms(events("TTS_PLAYBACK_START").get(0))).isEqualTo(2_600);
    JsonNode end = events("TTS_PLAYBACK_END").get(0);
    assertThat(ms(end)).as("played in real time from its arrival").isEqualTo(3_600);
    assertThat(end.path("data").path("heard_speech_ms").asDouble()).isCloseTo(1_000, within(10.0));
    assertThat(end.path("data").path("leading_silence_ms").asDouble()).isZero();

    Turn turn = turns().get(0);
    assertThat(turn.metric(Metric.VOICE_TO_VOICE).getAsLong() / 1000.0).isCloseTo(593, within(10.0));
    assertThat(turn.metric(Metric.PLAYBACK_DURATION).getAsLong()).isEqualTo(1_000_000);
    assertThat(turn.interrupted()).isFalse();

    JsonNode saved = events("RECORDING_SAVED").get(0).path("data");
    assertThat(saved.path("sample_rate").asInt()).isEqualTo(8_000);
    assertThat(saved.path("complete").asBoolean()).isTrue();
    Path file = Path.of(saved.path("path").asText());
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // callers' voices: owner-only, as the logs are
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rec")))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    var wav = WavReader.read(file);
    assertThat(wav.format().channels()).isEqualTo(2);
    JsonNode summary = events("call.summary").get(0).path("data");
    assertThat(summary.path("playbacks").asInt()).isEqualTo(1);
    assertThat(summary.path("caller_audio_ms").asDouble()).isEqualTo(4_600);
    assertThat(summary.path("agent_audio_ms").asDouble()).isEqualTo(1_000);
    assertThat(summary.path("diagnostics").size()).isZero();
  }

  @Test
  void aClearCutsThePlaybackAtThePlayedPosition() throws Exception {
    play(3_000, new double[][] {{200, 800}, {1_400, 2_000}}, now -> {
      if (now == 1_000) {
        agentSends(Signals.tone(ULAW, 2_000, 700));
      }
      if (now == 1_600) {
        call.clear(clock.nanoTime(), "clear");
      }
    });
    JsonNode cut = events("TTS_PLAYBACK_INTERRUPTED").get(0);
    assertThat(ms(cut)).isEqualTo(1_600);
    assertThat(cut.path("data").path("played_ms").asDouble()).isEqualTo(600);
    assertThat(cut.path("data").path("discarded_ms").asDouble()).isEqualTo(1_400);
    assertThat(cut.path("data").path("cut_by").asText()).isEqualTo("clear");
    assertThat(events("TTS_PLAYBACK_END")).isEmpty();
    List<Turn> turns = turns();
    assertThat(turns.get(0).interrupted()).isTrue();
    assertThat(turns.get(0).playedPosition().getAsLong()).isEqualTo(600_000);
    assertThat(turns.get(1).interrupted()).isFalse();
  }

  @Test
  void aPlaybackThatStopsWhileTheCallerTalksOverItWasInterruptedButABackchannelIsNot() throws Exception {
    play(5_000, new double[][] {{1_100, 1_300}, {3_500, 4_400}}, now -> {
      // paced at real time: 20 ms every 20 ms; the first reply plays to its end through a short "uh-huh",
      // the second stops 300 ms after the caller starts talking over it
      if ((now >= 1_000 && now < 2_000) || (now >= 3_000 && now < 3_800)) {
        agentSends(Signals.tone(ULAW, 20, 700));
      }
    });
    assertThat(events("TTS_PLAYBACK_END")).singleElement().satisfies(e -> assertThat(ms(e)).isEqualTo(2_000));
    JsonNode cut = events("TTS_PLAYBACK_INTERRUPTED").get(0);
    assertThat(ms(cut)).isEqualTo(3_800);
    assertThat(cut.path("data").path("cut_by").asText()).isEqualTo("caller_speech");
    assertThat(cut.path("data").path("caller_talked_over_ms").asDouble()).isCloseTo(300, within(10.0));
  }

  @Test
  void shortGapsAreHeardInsideOnePlaybackAndCounted() {
    play(2_600, new double[][] {}, now -> {
      if (now == 500 || now == 1_100) { // 500 ms, then 100 ms of nothing, then 500 ms
        agentSends(Signals.tone(ULAW, 500, 700));
      }
    });
    assertThat(events("TTS_PLAYBACK_START")).hasSize(1);
    JsonNode end = events("TTS_PLAYBACK_END").get(0);
    assertThat(ms(end)).isEqualTo(1_600);
    assertThat(end.path("data").path("gaps").asInt()).isEqualTo(1);
    assertThat(end.path("data").path("gap_ms").asDouble()).isEqualTo(100);
    assertThat(end.path("data").path("played_ms").asDouble()).isEqualTo(1_100);
    assertThat(events("ERROR")).as("a pause between sentences is not slow audio").isEmpty();
  }

  private JsonNode anomaly(String id) {
    List<JsonNode> found = events("ERROR").stream().filter(e -> e.path("data").path("anomaly").asText().equals(id)).toList();
    assertThat(found).as("anomaly %s", id).isNotEmpty();
    return found.get(0);
  }

  @Test
  void silenceAndPcmZerosSentAsMuLawAreDiagnosed() {
    play(3_000, new double[][] {}, now -> {
      if (now == 200) {
        agentSends(Signals.silence(ULAW, 500)); // 0xFF: mu-law silence
      }
      if (now == 1_500) {
        agentSends(new byte[4_000]); // 0x00: PCM silence sent as mu-law, a DC level nobody hears
      }
    });
    List<JsonNode> silent = events("ERROR").stream().filter(e -> e.path("data").path("anomaly").asText().equals("outbound_silence")).toList();
    assertThat(silent).hasSize(2);
    assertThat(ms(silent.get(0))).isEqualTo(200);
    assertThat(silent.get(1).path("data").path("error").asText()).contains("0x00").contains("where silence is 0xff");
    assertThat(silent.get(0).path("data").path("source").asText()).isEqualTo("test");
  }

  @Test
  void aShortPauseStretchedByALateFrameIsNotJudgedSilent() {
    play(2_000, new double[][] {}, now -> {
      if (now == 200) { // 100 ms of a pause, 120 ms of nothing (a busy sender), 60 ms more of the pause
        agentSends(Signals.silence(ULAW, 100));
      }
      if (now == 420) {
        agentSends(Signals.silence(ULAW, 60));
      }
    });
    JsonNode end = events("TTS_PLAYBACK_END").get(0);
    assertThat(end.path("data").path("played_ms").asDouble()).as("longer than the shortest judged playback").isEqualTo(280);
    assertThat(end.path("data").path("audio_ms").asDouble()).isEqualTo(160);
    assertThat(events("ERROR")).as("160 ms of audio is too little to call the agent silent").isEmpty();
  }

  /**
   * A fragment of speech cut off by the sender's gap (a sentence's pause, then the first 50 ms of the next
   * word, 40 ms, shorter than the VAD's least speech): the VAD hears no speech in it, but the caller hears the
   * sound, so it is not "silence: nothing in it reaches the threshold". A loaded agent's audio falls apart
   * into such playbacks; each was once taken for an agent sending silence.
   */
  @Test
  void aPlaybackWithSoundTooShortForSpeechIsNotJudgedSilent() {
    play(2_000, new double[][] {}, now -> {
      if (now == 200) {
        agentSends(Signals.silence(ULAW, 160));
      }
      if (now == 360) { // on time: one playback of 200 ms
        agentSends(Signals.tone(ULAW, 40, 700));
      }
    });
    JsonNode end = events("TTS_PLAYBACK_END").get(0);
    assertThat(end.path("data").path("audio_ms").asDouble()).as("as long as the shortest judged playback").isEqualTo(200);
    assertThat(end.path("data").path("heard_speech_ms").asDouble()).as("too short for the VAD").isZero();
    assertThat(events("ERROR")).isEmpty();
  }

  @Test
  void pcmSentAsMuLawIsTheWrongEncoding() {
    byte[] pcm = Signals.tone(AudioFormat.AUDIOSOCKET_SLIN, 500, 300); // 16-bit PCM, as seeds/004's agent sent it
    play(2_000, new double[][] {}, now -> {
      if (now == 200) {
        agentSends(pcm);
      }
    });
    JsonNode e = anomaly("outbound_wrong_encoding");
    assertThat(e.path("data").path("declared").asText()).isEqualTo("ulaw");
    assertThat(e.path("data").path("reads_as").asText()).isEqualTo("pcm16le");
    assertThat(e.path("data").path("error").asText()).contains("PCM sent as G.711");
  }

  @Test
  void audioSlowerThanRealTimeAndOddFrameSizesAreDiagnosed() {
    play(3_000, new double[][] {}, now -> {
      if (now >= 500 && now < 1_700 && now % 60 == 0) { // 40 ms of audio every 60 ms
        agentSends(Signals.tone(ULAW, 40, 700));
      }
      if (now == 2_000) {
        agentSends(java.util.Arrays.copyOf(Signals.tone(ULAW, 400, 700), 333));
      }
    });
    JsonNode slow = anomaly("outbound_slow");
    assertThat(slow.path("data").path("gaps").asInt()).isGreaterThan(10);
    assertThat(slow.path("data").path("error").asText()).contains("slower than real time (0.67 s of audio a second)").contains("19 gaps, 380 ms");
    JsonNode size = anomaly("outbound_frame_size");
    assertThat(size.path("data").path("bytes").asInt()).isEqualTo(333);
    assertThat(ms(size)).isEqualTo(2_000);
  }
}
