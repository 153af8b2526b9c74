package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.RefusingUpstream;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Secrets the relay holds other than in the client's handshake headers, and where they could show. */
class RelaySecretsTest {
  /** Not shaped like an OpenAI key: only knowing it as a secret masks it. */
  static final String TOKEN = "Tq9agentToken0123456789";

  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();
  VoiceLog log;

  private RelayServer relay(URI upstream) {
    log = TestRelays.log(dir, closer, sessionEnds);
    return TestRelays.start(log, closer, upstream, b -> b);
  }

  /** After the session's end: no file of the log holds {@code secret}. */
  private void assertNoFileContains(String secret) throws Exception {
    log.close();
    for (Path f : Files.list(dir).filter(Files::isRegularFile).toList()) {
      assertThat(Files.readString(f)).doesNotContain(secret);
    }
  }

  /**
   * {@code --upstream ws://agent/media?token=T}: the agent's token, which the agent quotes when it refuses
   * the handshake, is masked as the client's own secrets are (docs/telephony-taps.md).
   */
  @Test
  void aTokenInTheConfiguredUpstreamsQueryIsMaskedWhereverItShows() throws Exception {
    RefusingUpstream agent = closer.add(new RefusingUpstream(TOKEN));
    RelayServer relay = relay(URI.create(agent.url("/media?token=" + TOKEN)));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/media", Map.of()));
    assertThat(client.awaitClose()).startsWith("1014 ");
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    assertThat(LogFiles.events(dir, "ERROR").get(0).path("data").path("upstream_response").asText())
        .contains("Incorrect API key provided: [secret]");
    assertNoFileContains(TOKEN);
  }

  /**
   * A key-shaped string is masked wherever it would appear, the path and the selected subprotocol included,
   * as it is in the upstream URI and the offered subprotocols of the same SESSION_START.
   */
  @Test
  void aKeyInThePathOrTheSelectedSubprotocolIsMasked() throws Exception {
    String key = "sk-proj-Canary0123456789abcdef";
    WsServer upstream = closer.add(new WsServer().subprotocols(offered -> offered.get(0)));
    RelayServer relay = relay(URI.create(upstream.url("/")));
    WsClient client = WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/" + key + "/realtime", Map.of(),
        "bearer." + key);
    assertThat(client.ws.getSubprotocol()).isEqualTo("bearer." + key);
    upstream.peers.take();
    client.close();
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    assertThat(LogFiles.events(dir, "SESSION_START").get(0).path("data").path("path").asText()).isEqualTo("/v1/[secret]/realtime");
    assertThat(LogFiles.events(dir, "proxy.upstream_connected").get(0).path("data").path("subprotocol").asText())
        .isEqualTo("bearer.[secret]");
    assertNoFileContains(key);
  }
}
