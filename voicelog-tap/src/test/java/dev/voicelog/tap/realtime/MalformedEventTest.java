package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A text message that is not a Realtime event is logged as what was wrong, never with its content. */
class MalformedEventTest {
  /** The client's key: a known secret of the connection, not shaped like an OpenAI key. */
  static final String KEY = "Zq7cAnaryKeyValue0123456789";

  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();
  VoiceLog log;
  WsServer upstream;

  /** A client through a Realtime proxy to a real upstream, with {@code headers}. */
  private WsClient connect(Map<String, String> headers) {
    log = VoiceLog.builder().directory(dir).shutdownHook(false).addListener(sessionEnds).build();
    closer.add((AutoCloseable) log::close);
    upstream = closer.add(new WsServer());
    RealtimeProxy proxy = closer.add(RealtimeProxy.builder().log(log).listen("127.0.0.1", 0)
        .upstream(URI.create(upstream.url("/v1/realtime"))).start());
    return WsClient.connect("ws://127.0.0.1:" + proxy.port() + "/v1/realtime?model=m", headers);
  }

  /** Closes the client and waits until its session's lines are in the files. */
  private void hangUp(WsClient client) throws InterruptedException {
    client.close();
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
  }

  @Test
  void theErrorSaysWhatWasWrongWithoutTheMessagesWordsOrSecrets() throws Exception {
    WsClient client = connect(Map.of("Authorization", "Bearer " + KEY));
    client.send(KEY); // a client that sends its key as a message, as some protocols authenticate
    client.send("{\"type\": callerSaidHerCardNumber}");
    WsServer.Peer peer = upstream.peers.take();
    assertThat(peer.received.take()).isEqualTo(KEY); // relayed as it was
    peer.received.take();
    hangUp(client);

    List<JsonNode> errors = LogFiles.events(dir, "ERROR");
    assertThat(errors).hasSize(2).allSatisfy(e ->
        assertThat(e.path("data").path("error").asText()).startsWith("malformed event: not JSON"));
    for (Path f : Files.list(dir).filter(Files::isRegularFile).toList()) {
      assertThat(Files.readString(f)).doesNotContain(KEY).doesNotContain("callerSaid");
    }
  }

  /**
   * An event followed by more text (words, or a second event) is not one Realtime event: relayed as it was
   * and logged as the same error as any text that is not JSON, without the text.
   */
  @Test
  void anEventWithTextAfterItIsAnErrorAndRelayedAsItWas() throws Exception {
    WsClient client = connect(Map.of());
    List<String> sent = List.of("{\"type\":\"session.update\"} callerSaidHerCardNumber",
        "{\"type\":\"session.update\"}{\"type\":\"callerSaidHerName\"}",
        "{\"type\":\"session.update\"}  \n"); // whitespace after the event is still one event
    sent.forEach(client::send);
    WsServer.Peer peer = upstream.peers.take();
    for (String text : sent) {
      assertThat(peer.received.take()).isEqualTo(text);
    }
    hangUp(client);

    List<JsonNode> errors = LogFiles.events(dir, "ERROR");
    assertThat(errors).hasSize(2).allSatisfy(e -> {
      assertThat(e.path("data").path("error").asText()).startsWith("malformed event: not JSON (");
      assertThat(e.path("data").path("direction").asText()).isEqualTo("client_to_server");
    });
    assertThat(errors.get(1).path("data").path("error").asText())
        .isEqualTo("malformed event: not JSON (more after the JSON value at character 25)");
    assertThat(LogFiles.events(dir, "session.update")).hasSize(1);
    for (Path f : Files.list(dir).filter(Files::isRegularFile).toList()) {
      assertThat(Files.readString(f)).doesNotContain("callerSaid");
    }
  }
}
