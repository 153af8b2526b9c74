package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package's Realtime WebSocket client (6.x, with {@code ws}, on Node 20)
 * through the proxy to the scripted server. {@code .ci/run} installs it ({@code npm ci} in
 * {@code .ci/npm/openai-realtime}).
 */
class OfficialNodeClientTest {
  static final String CANARY = "sk-proj-NODEcanary0123456789abcdefghijkl";
  static final Path CLIENT_DIR = Path.of(System.getProperty("user.dir")).resolve("../.ci/npm/openai-realtime").normalize();

  @TempDir Path dir;

  @Test
  void officialClientWorksThroughTheProxyAndItsKeyIsNeverWritten() throws Exception {
    assertThat(CLIENT_DIR.resolve("node_modules/openai")).as("run `npm ci` in %s (.ci/run does)", CLIENT_DIR).isDirectory();
    SessionEnds sessionEnds = new SessionEnds();
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).addListener(sessionEnds).build();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(List.of(new ScriptedRealtimeServer.Speech(200, 400)), 4, 100);
         RealtimeProxy proxy = RealtimeProxy.builder().log(log).listen("127.0.0.1", 0)
             .upstream(URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime")).start()) {
      Path nodeOut = dir.resolve("node-output.txt");
      ProcessBuilder pb = new ProcessBuilder("node", "realtime-client.mjs").directory(CLIENT_DIR.toFile())
          .redirectErrorStream(true).redirectOutput(nodeOut.toFile());
      pb.environment().put("PROXY_PORT", String.valueOf(proxy.port()));
      pb.environment().put("OPENAI_API_KEY", CANARY);
      pb.environment().put("CHUNKS", "40");
      Process node = pb.start();
      try {
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
      } finally {
        node.destroyForcibly();
      }
      String output = Files.readString(nodeOut, StandardCharsets.UTF_8);
      String resultLine = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
          .orElseThrow(() -> new AssertionError("no RESULT from node:\n" + output));
      JsonNode result = ScriptedRealtimeServer.JSON.readTree(resultLine.substring(7));
      assertThat(result.path("status").asText()).as(output).isEqualTo("ok");
      assertThat(result.path("transcript").asText()).isEqualTo(ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT);
      assertThat(result.path("errors").get(0).asText()).isEqualTo("response_cancel_not_active");
      List<String> clientGot = ScriptedRealtimeServer.JSON.convertValue(result.path("received"),
          ScriptedRealtimeServer.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
      assertThat(clientGot).containsExactlyElementsOf(server.sentTypes());

      // the server saw the SDK's handshake as sent: its path, query and key
      var hs = server.ws.handshakes.get(0);
      assertThat(hs.path()).isEqualTo("/v1/realtime");
      assertThat(hs.query()).isEqualTo("model=gpt-realtime");
      assertThat(hs.header("Authorization")).isEqualTo("Bearer " + CANARY);
      sessionEnds.await(1, Duration.ofSeconds(10));
      log.flush(Duration.ofSeconds(10));
    }
    log.close();
    List<JsonNode> lines = LogFiles.events(dir);
    assertThat(lines).extracting(l -> l.path("event_type").asText())
        .contains("SESSION_START", "session.created", "session.update", "session.updated", "input_audio_buffer.append",
            "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "response.created",
            "response.output_audio.delta", "response.output_audio_transcript.done", "response.done",
            "response.cancel", "error", "AUDIO_STATS", "SESSION_END");
    JsonNode stopped = lines.stream().filter(l -> l.path("event_type").asText().equals("input_audio_buffer.speech_stopped"))
        .findFirst().orElseThrow();
    assertThat(stopped.path("data").path("timing").asText()).isEqualTo("audio_position");
    assertThat(stopped.path("t").asDouble()).isLessThanOrEqualTo(stopped.path("data").path("received_t").asDouble());
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(CANARY).doesNotContain("NODEcanary");
      }
    }
  }

}
