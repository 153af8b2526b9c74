package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogReader;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java client talks to the scripted Realtime server through the proxy, in lock-step with a manual clock:
 * each 20 ms chunk of "microphone" audio moves the clock 20 ms, and the client reads every event the
 * server sent in reply before it moves on. So every time in the log is known exactly.
 */
class RealtimeProxyTest {
  static final String CANARY = "sk-proj-CANARYcanary0123456789abcdefghij";
  static final double CHUNK_MS = 20;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
  VoiceLog log;
  ScriptedRealtimeServer server;
  RealtimeProxy proxy;
  WsClient client;
  final List<String> clientReceived = new ArrayList<>();
  final List<String> clientSent = new ArrayList<>();

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
    if (log != null) {
      log.close();
    }
  }

  private List<ScriptedRealtimeServer.Speech> speech = List.of();

  private void start(List<ScriptedRealtimeServer.Speech> speech, boolean everyDelta) {
    start(speech, everyDelta, false);
  }

  private final SessionEnds sessionEnds = new SessionEnds();

  private void start(List<ScriptedRealtimeServer.Speech> speech, boolean everyDelta, boolean redactText) {
    this.speech = speech;
    var b = VoiceLog.builder().directory(dir).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .audioStatsInterval(Duration.ofHours(1)).addListener(sessionEnds);
    if (redactText) {
      b.redaction(dev.voicelog.Redaction.TEXT);
      RealtimeProxy.CONVERSATION_TEXT_FIELDS.forEach(b::redactField);
    }
    log = b.build();
    server = new ScriptedRealtimeServer(speech, 10, 100);
    proxy = RealtimeProxy.builder().log(log).upstream(URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime"))
        .listen("127.0.0.1", 0).everyDelta(everyDelta).recordings(dir.resolve("recordings")).start();
  }

  /**
   * Chunk {@code k} of the "microphone": a 1 kHz tone where the script says the user speaks, silence
   * elsewhere (16-bit PCM at 24 kHz, or G.711 mu-law at 8 kHz when {@code bytesPerChunk} is 160).
   */
  private byte[] microphone(int k, int bytesPerChunk) {
    byte[] chunk = new byte[bytesPerChunk];
    boolean pcm = bytesPerChunk == 960;
    int samples = pcm ? bytesPerChunk / 2 : bytesPerChunk;
    int rate = pcm ? 24_000 : 8_000;
    for (int i = 0; i < samples; i++) {
      double ms = k * CHUNK_MS + i * 1000.0 / rate;
      boolean speaking = speech.stream().anyMatch(sp -> ms >= sp.startMs() && ms < sp.endMs());
      short v = speaking ? (short) (10_000 * Math.sin(2 * Math.PI * 1000 * ms / 1000)) : 0;
      if (pcm) {
        chunk[2 * i] = (byte) v;
        chunk[2 * i + 1] = (byte) (v >> 8);
      } else {
        chunk[i] = dev.voicelog.audio.codec.MuLaw.encode(v);
      }
    }
    return chunk;
  }

  private void connect(Map<String, String> headers, String... subprotocols) {
    client = WsClient.connect("ws://127.0.0.1:" + proxy.port() + "/v1/realtime?model=gpt-realtime", headers, subprotocols);
    receiveUpTo(1); // session.created
  }

  /** Sends one message and reads everything the server sent in reply. */
  private List<JsonNode> step(String message) throws Exception {
    clientSent.add(message);
    client.send(message);
    int sentByServer = server.ack();
    return receiveUpTo(sentByServer);
  }

  private List<JsonNode> receiveUpTo(int count) {
    List<JsonNode> got = new ArrayList<>();
    while (clientReceived.size() < count) {
      String text = client.nextText();
      clientReceived.add(text);
      got.add(parse(text));
    }
    return got;
  }

  private static JsonNode parse(String text) {
    try {
      return ScriptedRealtimeServer.JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String append(byte[] audio) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(audio) + "\"}";
  }

  /**
   * Streams {@code chunks} chunks of 20 ms; when the server says the user started speaking while the
   * assistant's audio is playing, truncates it at the played position and cancels, as a client does.
   */
  private void stream(int chunks, int bytesPerChunk) throws Exception {
    long playbackStart = Long.MIN_VALUE;
    double audioQueuedMs = 0;
    String playingItem = null;
    for (int k = 0; k < chunks; k++) {
      clock.advance(Duration.ofMillis((long) CHUNK_MS));
      for (JsonNode e : step(append(microphone(k, bytesPerChunk)))) {
        String type = e.path("type").asText();
        if (type.endsWith("audio.delta") && playingItem == null) {
          playbackStart = clock.nanoTime();
          playingItem = e.path("item_id").asText();
          audioQueuedMs = 0;
        }
        if (type.endsWith("audio.delta")) {
          audioQueuedMs += 100;
        }
        if (type.equals("input_audio_buffer.speech_started") && playingItem != null) {
          long played = Math.min((long) audioQueuedMs, (clock.nanoTime() - playbackStart) / 1_000_000);
          if (played < audioQueuedMs) {
            step("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + playingItem
                + "\",\"content_index\":0,\"audio_end_ms\":" + played + "}");
            step("{\"type\":\"response.cancel\",\"event_id\":\"cancel_1\"}");
          }
          playingItem = null;
        }
      }
    }
  }

  private List<JsonNode> lines() {
    log.flush(Duration.ofSeconds(5));
    List<JsonNode> ev = new ArrayList<>(LogFiles.events(dir));
    ev.sort(Comparator.comparingLong(e -> e.path("seq").asLong()));
    return ev;
  }

  /** The turns of the (one) conversation in the log, as {@code voicelog summary} sees them. */
  private List<Turn> turns() throws java.io.IOException {
    log.flush(Duration.ofSeconds(5));
    Analysis.Result r = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
    assertThat(r.conversations()).hasSize(1);
    return r.conversations().get(0).turns();
  }

  private static List<JsonNode> ofType(List<JsonNode> lines, String type) {
    return lines.stream().filter(e -> e.path("event_type").asText().equals(type)).toList();
  }

  private static double t(JsonNode line) {
    return line.path("t").asDouble();
  }

  private void closeAndAwaitEnd() throws InterruptedException {
    client.close();
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
  }

  @Test
  void gaSessionIsRelayedUnchangedAndLoggedWithTheUsersSpeechWhereItWasSpoken() throws Exception {
    start(List.of(new ScriptedRealtimeServer.Speech(1000, 2000), new ScriptedRealtimeServer.Speech(2600, 3200)), false);
    connect(Map.of("Authorization", "Bearer " + CANARY), "realtime", "openai-insecure-api-key." + CANARY);
    step("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":"
        + "{\"type\":\"server_vad\",\"silence_duration_ms\":200},\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}");
    stream(175, 960);
    step("{not json");
    closeAndAwaitEnd();

    // the wire: both sides got exactly what the other sent, in order
    assertThat(clientReceived).containsExactlyElementsOf(server.sent);
    assertThat(server.received).containsExactlyElementsOf(clientSent);
    assertThat(client.ws.getSubprotocol()).isEqualTo("realtime");

    List<JsonNode> lines = lines();
    // the user's speech: backdated to when the audio at the corrected positions passed through
    List<JsonNode> started = ofType(lines, "input_audio_buffer.speech_started");
    List<JsonNode> stopped = ofType(lines, "input_audio_buffer.speech_stopped");
    assertThat(started).hasSize(2);
    assertThat(stopped).hasSize(2);
    assertThat(t(started.get(0))).isEqualTo(1.020);
    assertThat(started.get(0).path("data").path("received_t").asDouble()).isEqualTo(1.100);
    assertThat(started.get(0).path("data").path("audio_start_ms").asInt()).isEqualTo(700);
    assertThat(started.get(0).path("data").path("speech_position_ms").asDouble()).isEqualTo(1000);
    assertThat(t(stopped.get(0))).as("speech end = audio_end_ms - silence_duration_ms (200, from session.updated)")
        .isEqualTo(2.020);
    assertThat(stopped.get(0).path("data").path("received_t").asDouble()).isEqualTo(2.200);
    assertThat(t(started.get(1))).isEqualTo(2.620);
    assertThat(t(stopped.get(1))).isEqualTo(3.220);

    // the first audio delta of each response is a line, at the moment it reached the client; no payload
    List<JsonNode> deltas = ofType(lines, "response.output_audio.delta");
    assertThat(deltas).hasSize(2);
    assertThat(t(deltas.get(0))).isEqualTo(2.200);
    assertThat(deltas.get(0).path("data").path("audio_bytes").asLong()).isEqualTo(4800);
    assertThat(deltas.get(0).path("data").path("audio_ms").asDouble()).isEqualTo(100.0);
    assertThat(deltas.get(0).path("data").has("delta")).isFalse();
    // the metrics, by the one turn assembler: the silence the user heard runs from the end of the speech
    // (audio_end_ms - silence_duration_ms) to the first audio; forgetting the silence would give 0
    List<Turn> turns = turns();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).metric(Metric.VOICE_TO_VOICE)).hasValue(180_000);
    assertThat(turns.get(0).metric(Metric.USER_SPEECH)).hasValue(1_000_000);
    assertThat(turns.get(0).interrupted()).isTrue();
    assertThat(turns.get(0).metric(Metric.PLAYBACK_DURATION)).hasValue(500_000);
    assertThat(turns.get(0).metric(Metric.TRANSCRIPTION_DELAY)).as("transcript came with the stop, 180 ms after the speech")
        .hasValue(180_000);
    assertThat(turns.get(1).metric(Metric.VOICE_TO_VOICE)).hasValue(180_000);

    // the recording: user left where the audio passed, model right as it played, cut where the client said
    JsonNode saved = ofType(lines, "RECORDING_SAVED").get(0);
    assertThat(saved.path("data").path("start_t").asDouble()).isZero();
    assertThat(saved.path("data").path("complete").asBoolean()).isTrue();
    Path file = Path.of(saved.path("data").path("path").asText());
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // callers' voices: owner-only, as the logs are
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    WavFile wav = WavReader.read(file);
    assertThat(wav.format().sampleRate()).isEqualTo(24_000);
    short[] user = wav.channel(0);
    short[] model = wav.channel(1);
    assertThat(rms(user, 0.50, 0.98)).as("silence before the speech").isLessThan(50);
    assertThat(rms(user, 1.00, 1.98)).as("the first utterance, where its audio was").isGreaterThan(5_000);
    assertThat(rms(user, 2.02, 2.58)).isLessThan(50);
    assertThat(rms(user, 2.60, 3.18)).isGreaterThan(5_000);
    assertThat(firstLoud(user, 0.5)).as("speech onset in the recording").isCloseTo(1.000, within(0.002));
    assertThat(t(started.get(0)) - firstLoud(user, 0.5)).as("the event is within one chunk of the audio")
        .isBetween(0.0, CHUNK_MS / 1000);
    assertThat(rms(model, 1.00, 2.18)).isLessThan(50);
    assertThat(rms(model, 2.21, 2.69)).as("the reply plays from its arrival").isGreaterThan(1_000);
    assertThat(rms(model, 2.71, 3.38)).as("cut at the played position the client reported").isLessThan(50);
    assertThat(firstLoud(model, 0.5)).isCloseTo(2.200, within(0.002));
    JsonNode playbackStart = ofType(lines, "TTS_PLAYBACK_START").get(0);
    assertThat(t(playbackStart)).isEqualTo(2.200);
    JsonNode interrupted = ofType(lines, "TTS_PLAYBACK_INTERRUPTED").get(0);
    assertThat(t(interrupted)).isEqualTo(2.700);
    assertThat(interrupted.path("data").path("played_ms").asDouble()).isEqualTo(500.0);

    // the interruption, as the client sent it
    JsonNode truncate = ofType(lines, "conversation.item.truncate").get(0);
    assertThat(truncate.path("data").path("audio_end_ms").asInt()).isEqualTo(500);
    assertThat(truncate.path("data").path("direction").asText()).isEqualTo("client_to_server");
    assertThat(t(truncate)).isEqualTo(2.700);
    JsonNode error = ofType(lines, "error").get(0);
    assertThat(error.path("data").path("error").path("code").asText()).isEqualTo("response_cancel_not_active");
    JsonNode malformed = ofType(lines, "ERROR").get(0);
    assertThat(malformed.path("data").path("error").asText()).startsWith("malformed event: not JSON");
    assertThat(malformed.path("data").path("source").asText()).isEqualTo("client");

    // audio: counted, never written as base64
    List<JsonNode> stats = ofType(lines, "AUDIO_STATS");
    assertThat(stats.stream().mapToLong(s -> s.path("data").path("in_chunks").asLong()).sum()).isEqualTo(175);
    assertThat(stats.stream().mapToDouble(s -> s.path("data").path("in_ms").asDouble()).sum()).isEqualTo(3500.0);
    assertThat(stats.stream().mapToLong(s -> s.path("data").path("out_bytes").asLong()).sum()).isEqualTo(20 * 4800);
    assertThat(stats.stream().mapToDouble(s -> s.path("data").path("out_ms").asDouble()).sum()).isEqualTo(2000.0);
    assertThat(ofType(lines, "input_audio_buffer.append")).hasSize(1);
    for (String line : LogFiles.lines(dir)) {
      assertThat(line).doesNotContain("AAAAAAAAAAAAAAAAAAAA").doesNotContain("\"delta\":\"AAcOFRwjKjE");
    }

    // the server's events are all there, in the order the server sent them (audio deltas folded)
    List<String> serverTypes = new ArrayList<>(server.sentTypes());
    List<String> logged = lines.stream().filter(l -> l.path("data").path("direction").asText().equals("server_to_client"))
        .map(l -> l.path("event_type").asText()).toList();
    assertThat(logged).containsExactlyElementsOf(withoutRepeatedDeltas(serverTypes, "response.output_audio.delta"));

    // what the summary's Realtime section makes of this log
    RealtimeSummary summary = new RealtimeSummary();
    for (JsonNode l : lines) {
      summary.accept(l.path("event_type").asText(), ScriptedRealtimeServer.fields(l.path("data")));
    }
    java.io.StringWriter text = new java.io.StringWriter();
    summary.render(new java.io.PrintWriter(text, true), "");
    assertThat(text.toString())
        .contains("Realtime API (ga): model gpt-realtime, voice alloy")
        .contains("input audio:   16-bit PCM little-endian, 24000 Hz")
        .contains("turn detection: server_vad (threshold 0.5, prefix 300 ms, silence 200 ms)")
        .contains("transcription: gpt-4o-transcribe")
        .contains("audio in:  175 chunks, 168000 bytes, 3.50 s")
        .contains("user: " + ScriptedRealtimeServer.USER_TRANSCRIPT)
        .contains("assistant: " + ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT)
        .contains("resp_1 completed: input 200 (text 120, audio 80, cached 64), output 131 (text 30, audio 101)")
        .contains("total: input 400 (text 240, audio 160, cached 128), output 263 (text 60, audio 203)")
        .contains("rate limits: requests 4997/5000 (reset 0.012 s) tokens 399000/400000 (reset 0.15 s)")
        .contains("invalid_request_error response_cancel_not_active: Cancellation failed: no active response found.")
        .contains("(client) malformed event: not JSON");

    // session lines: who, where, how it ended; no secret anywhere
    JsonNode start = ofType(lines, "SESSION_START").get(0);
    assertThat(start.path("data").path("tap").asText()).isEqualTo("realtime");
    assertThat(start.path("data").path("query").asText()).isEqualTo("model=gpt-realtime");
    assertThat(ofType(lines, "SESSION_END").get(0).path("data").path("closed_by").asText()).isEqualTo("client");
    log.close();
    assertNoCanaryIn(dir);
  }

  /** Every file under {@code root}, text or binary, is free of the canary key. */
  static void assertNoCanaryIn(Path root) throws java.io.IOException {
    byte[] canary = CANARY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain(new String(canary, java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain("CANARYcanary");
      }
    }
  }

  /** Root mean square of the samples between two times (seconds) of a 24 kHz channel. */
  private static double rms(short[] samples, double from, double to) {
    int a = (int) Math.round(from * 24_000);
    int b = Math.min(samples.length, (int) Math.round(to * 24_000));
    double sum = 0;
    for (int i = a; i < b; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return b > a ? Math.sqrt(sum / (b - a)) : 0;
  }

  /** The time (seconds) of the first sample louder than half of full scale's 1/64, after {@code from}. */
  private static double firstLoud(short[] samples, double from) {
    for (int i = (int) Math.round(from * 24_000); i < samples.length; i++) {
      if (Math.abs(samples[i]) > 512) {
        return i / 24_000.0;
      }
    }
    return Double.NaN;
  }

  /** The server's types with every audio delta after the first of its response removed. */
  private static List<String> withoutRepeatedDeltas(List<String> types, String deltaType) {
    List<String> out = new ArrayList<>();
    boolean inResponse = false;
    for (String t : types) {
      if (t.equals("response.created")) {
        inResponse = false;
      }
      if (t.equals(deltaType)) {
        if (inResponse) {
          continue;
        }
        inResponse = true;
      }
      out.add(t);
    }
    return out;
  }

  @Test
  void betaSessionWithG711AndDefaultVadIsLoggedUnderItsBetaNames() throws Exception {
    start(List.of(new ScriptedRealtimeServer.Speech(600, 1400)), false);
    connect(Map.of("Authorization", "Bearer " + CANARY, "OpenAI-Beta", "realtime=v1"));
    step("{\"type\":\"session.update\",\"session\":{\"input_audio_format\":\"g711_ulaw\",\"output_audio_format\":\"g711_ulaw\","
        + "\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}");
    stream(100, 160);
    closeAndAwaitEnd();

    List<JsonNode> lines = lines();
    JsonNode updated = ofType(lines, "session.updated").get(0);
    assertThat(updated.path("data").path("session").path("input_audio_format").asText()).isEqualTo("g711_ulaw");
    JsonNode stopped = ofType(lines, "input_audio_buffer.speech_stopped").get(0);
    assertThat(t(ofType(lines, "input_audio_buffer.speech_started").get(0))).isEqualTo(0.620);
    assertThat(t(stopped)).as("default silence_duration_ms 500 taken off").isEqualTo(1.420);
    assertThat(stopped.path("data").path("received_t").asDouble()).isEqualTo(1.900);
    JsonNode delta = ofType(lines, "response.audio.delta").get(0);
    assertThat(t(delta)).isEqualTo(1.900);
    assertThat(turns()).singleElement().satisfies(turn ->
        assertThat(turn.metric(Metric.VOICE_TO_VOICE)).as("the default 500 ms of silence is not counted as speech").hasValue(480_000));
    assertThat(delta.path("data").path("audio_bytes").asLong()).isEqualTo(800);
    assertThat(delta.path("data").path("audio_ms").asDouble()).isEqualTo(100.0);
    assertThat(ofType(lines, "response.audio_transcript.done").get(0).path("data").path("transcript").asText())
        .isEqualTo(ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT);
    assertThat(ofType(lines, "conversation.item.input_audio_transcription.completed")).hasSize(1);
    // the recording decodes the session's G.711 (user) and G.711 (model) audio onto the 24 kHz stereo file
    WavFile wav = WavReader.read(Path.of(ofType(lines, "RECORDING_SAVED").get(0).path("data").path("path").asText()));
    assertThat(rms(wav.channel(0), 0.30, 0.58)).isLessThan(50);
    assertThat(rms(wav.channel(0), 0.62, 1.38)).as("the user's mu-law tone").isGreaterThan(5_000);
    assertThat(rms(wav.channel(1), 1.00, 1.88)).isLessThan(50);
    assertThat(rms(wav.channel(1), 1.91, 1.99)).as("the model's mu-law audio from its arrival").isGreaterThan(1_000);
    List<JsonNode> stats = ofType(lines, "AUDIO_STATS");
    assertThat(stats.stream().mapToLong(s -> s.path("data").path("in_bytes").asLong()).sum()).isEqualTo(100 * 160);
    assertThat(stats.stream().mapToDouble(s -> s.path("data").path("in_ms").asDouble()).sum()).isEqualTo(2000.0);
    log.close();
    assertNoCanaryIn(dir);
  }

  @Test
  void audioSentBeforeTheServerConfirmsTheUpdateIsTimedInTheRequestedFormat() throws Exception {
    start(List.of(new ScriptedRealtimeServer.Speech(600, 1400)), false);
    server.confirmUpdatesAfterAppends = 5; // the client streams at once; the server's session.updated comes later
    connect(Map.of("OpenAI-Beta", "realtime=v1"));
    step("{\"type\":\"session.update\",\"session\":{\"input_audio_format\":\"g711_ulaw\"}}");
    stream(100, 160);
    closeAndAwaitEnd();

    List<JsonNode> lines = lines();
    assertThat(ofType(lines, "session.updated")).hasSize(1);
    assertThat(t(ofType(lines, "input_audio_buffer.speech_started").get(0))).as("the chunk holding 600 ms of G.711").isEqualTo(0.620);
    assertThat(t(ofType(lines, "input_audio_buffer.speech_stopped").get(0))).isEqualTo(1.420);
    assertThat(ofType(lines, "AUDIO_STATS").stream().mapToDouble(s -> s.path("data").path("in_ms").asDouble()).sum())
        .as("100 chunks of 20 ms, none counted as 24 kHz PCM").isEqualTo(2000.0);
  }

  @Test
  void everyDeltaKeepsEveryAudioChunkAsALine() throws Exception {
    start(List.of(new ScriptedRealtimeServer.Speech(200, 400)), true);
    connect(Map.of());
    stream(50, 960);
    closeAndAwaitEnd();
    List<JsonNode> lines = lines();
    assertThat(ofType(lines, "response.output_audio.delta")).hasSize(10);
    List<JsonNode> appends = ofType(lines, "input_audio_buffer.append");
    assertThat(appends).hasSize(50);
    assertThat(appends.get(49).path("data").path("audio_position_ms").asDouble()).isEqualTo(980.0);
    assertThat(t(appends.get(49))).isEqualTo(1.000);
  }

  @Test
  void withTextRedactionNoSpokenWordReachesTheLog() throws Exception {
    start(List.of(new ScriptedRealtimeServer.Speech(200, 400)), true, true);
    connect(Map.of());
    stream(50, 960);
    closeAndAwaitEnd();
    log.close();
    String all = String.join("\n", LogFiles.lines(dir));
    assertThat(all).contains("response.output_audio_transcript.done").contains("[redacted len=");
    for (String word : (ScriptedRealtimeServer.USER_TRANSCRIPT + " " + ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT).split("\\W+")) {
      if (word.length() > 3) {
        assertThat(all).doesNotContain(word);
      }
    }
  }

  @Test
  void serverMalformedFramesAreForwardedAndLogged() throws Exception {
    start(List.of(), false);
    connect(Map.of());
    ObjectNode noType = ScriptedRealtimeServer.JSON.createObjectNode().put("hello", 1);
    server.ws.peers.take().send(noType.toString());
    assertThat(client.nextText()).isEqualTo("{\"hello\":1}");
    closeAndAwaitEnd();
    JsonNode err = ofType(lines(), "ERROR").get(0);
    assertThat(err.path("data").path("source").asText()).isEqualTo("upstream");
    assertThat(err.path("data").path("error").asText()).isEqualTo("malformed event: no \"type\"");
  }
}
