package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.RefusingUpstream;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RelayServerTest {
  static final String CANARY = "sk-canary-0123456789abcdefXYZ";

  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  VoiceLog log;


  private final SessionEnds sessionEnds = new SessionEnds();

  private RelayServer relay(URI upstream, Interceptor... interceptors) {
    log = TestRelays.log(dir, closer, sessionEnds);
    return TestRelays.start(log, closer, upstream, b -> b.interceptors(c -> List.of(interceptors)));
  }

  private List<JsonNode> events() {
    log.flush(Duration.ofSeconds(5));
    return LogFiles.events(dir);
  }

  @Test
  void pathQueryHeadersAndSubprotocolsReachTheUpstreamAsSent() {
    WsServer upstream = closer.add(new WsServer().subprotocols(offered -> offered.contains("realtime") ? "realtime" : null));
    RelayServer relay = relay(URI.create(upstream.url("/v1/realtime")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime?model=gpt-realtime&x=1",
        Map.of("Authorization", "Bearer " + CANARY, "OpenAI-Beta", "realtime=v1"),
        "openai-insecure-api-key." + CANARY, "realtime", "openai-beta.realtime-v1"));

    WsServer.Handshake hs = upstream.handshakes.get(0);
    assertThat(hs.path()).isEqualTo("/v1/realtime");
    assertThat(hs.query()).isEqualTo("model=gpt-realtime&x=1");
    assertThat(hs.header("Authorization")).isEqualTo("Bearer " + CANARY);
    assertThat(hs.header("OpenAI-Beta")).isEqualTo("realtime=v1");
    assertThat(hs.subprotocols()).containsExactly("openai-insecure-api-key." + CANARY, "realtime", "openai-beta.realtime-v1");
    assertThat(client.ws.getSubprotocol()).isEqualTo("realtime");
  }

  @Test
  void clientWithoutSubprotocolsGetsNone() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/v1/realtime")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime", Map.of()));
    client.send("hello");
    assertThat(upstream.peers.take().received.take()).isEqualTo("hello");
    assertThat(upstream.handshakes.get(0).subprotocols()).isEmpty();
    assertThat(client.ws.getSubprotocol()).isEmpty();
  }

  @Test
  void textAndBinaryMessagesAreRelayedUnchangedAndInOrderBothWays() throws Exception {
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> {
      if (text.startsWith("echo ")) {
        peer.send("reply " + text.substring(5));
        peer.sendBinary(text.substring(5).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }));
    RelayServer relay = relay(URI.create(upstream.url("/")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));
    String big = "x".repeat(200_000) + "é\u20ac\uD83D\uDE00";
    for (int i = 0; i < 100; i++) {
      client.send("echo " + i);
    }
    client.sendBinary(new byte[] {0, 1, 2, (byte) 0xff});
    client.send("echo " + big);
    WsServer.Peer peer = upstream.peers.take();
    for (int i = 0; i < 100; i++) {
      assertThat(peer.received.take()).isEqualTo("echo " + i);
    }
    assertThat((byte[]) peer.received.take()).containsExactly(0, 1, 2, 0xff);
    assertThat(peer.received.take()).isEqualTo("echo " + big);
    for (int i = 0; i < 100; i++) {
      assertThat(client.nextText()).isEqualTo("reply " + i);
      assertThat(new String((byte[]) client.next(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(String.valueOf(i));
    }
    assertThat(client.nextText()).isEqualTo("reply " + big);
  }

  /**
   * What the interceptors see is what each side sent, on every way the relay decodes a payload: a client's
   * masked text in the buffer each pump reuses (short, and one after another) or, when longer than that
   * buffer, in an array of its own; the upstream's unmasked text where it lies in the frame; binary both ways.
   */
  @Test
  void interceptorsSeeEachMessageAsItsSenderWroteIt() throws Exception {
    java.util.concurrent.BlockingQueue<Object> seen = new java.util.concurrent.LinkedBlockingQueue<>();
    Interceptor observing = chain -> {
      Message m = chain.message();
      if (m.isText()) {
        seen.add(m.direction() + " " + m.text());
      } else {
        byte[] b = new byte[m.binary().remaining()];
        m.binary().get(b);
        seen.add(b);
      }
      chain.proceed(m);
    };
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> {
      peer.send("reply " + text);
      peer.sendBinary(new byte[] {9, 8, 7});
    }));
    RelayServer relay = relay(URI.create(upstream.url("/")), observing);
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));
    String longer = "y".repeat(MessageAssembly.UNMASK_BUFFER_BYTES + 1) + "é";
    for (String text : List.of("a longer first message, é\u20ac", "b", longer, "c")) {
      client.send(text);
      assertThat(seen.take()).isEqualTo(Direction.CLIENT_TO_UPSTREAM + " " + text);
      assertThat(seen.take()).isEqualTo(Direction.UPSTREAM_TO_CLIENT + " reply " + text);
      assertThat((byte[]) seen.take()).containsExactly(9, 8, 7);
    }
    client.sendBinary(new byte[] {0, 1, 2, (byte) 0xff});
    assertThat((byte[]) seen.take()).containsExactly(0, 1, 2, 0xff);
  }

  @Test
  void unreachableUpstreamClosesTheClientWithAReasonAndIsLogged() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + freePort + "/v1/realtime"));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime",
        Map.of("Authorization", "Bearer " + CANARY), "realtime"));
    String close = client.awaitClose();
    assertThat(close).startsWith("1014 ").contains("upstream unreachable").contains("refused");
    awaitSessionEnd();
    List<JsonNode> ev = events();
    assertThat(ev).anySatisfy(e -> {
      assertThat(e.get("event_type").asText()).isEqualTo("ERROR");
      assertThat(e.get("data").get("error").asText()).contains("refused");
    });
    JsonNode end = ev.stream().filter(e -> e.get("event_type").asText().equals("SESSION_END")).findFirst().orElseThrow();
    assertThat(end.get("data").get("closed_by").asText()).isEqualTo("proxy");
    assertThat(end.get("data").get("code").asInt()).isEqualTo(1014);
  }

  @Test
  void upstreamRefusingTheHandshakeIsReportedWithItsStatusAndReason() throws Exception {
    RefusingUpstream refusing = closer.add(new RefusingUpstream(CANARY));
    RelayServer relay = relay(URI.create(refusing.url("/v1/realtime")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime",
        Map.of("Authorization", "Bearer " + CANARY)));
    assertThat(client.awaitClose()).isEqualTo("1014 upstream refused the WebSocket handshake: HTTP 401");
    awaitSessionEnd();
    JsonNode error = LogFiles.events(dir, "ERROR").get(0).get("data");
    assertThat(error.get("error").asText()).isEqualTo("upstream refused the WebSocket handshake: HTTP 401");
    assertThat(error.get("upstream_response").asText()) // the upstream's own reason, its secret masked
        .contains("Incorrect API key provided: [secret]").doesNotContain(CANARY);
  }

  @Test
  void upstreamCloseReachesTheClientWithItsCodeAndReason() throws Exception {
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> peer.close(4001, "session expired")));
    RelayServer relay = relay(URI.create(upstream.url("/")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));
    client.send("bye please");
    assertThat(client.awaitClose()).isEqualTo("4001 session expired");
    awaitSessionEnd();
    JsonNode end = events().stream().filter(e -> e.get("event_type").asText().equals("SESSION_END")).findFirst().orElseThrow();
    assertThat(end.get("data").get("closed_by").asText()).isEqualTo("upstream");
    assertThat(end.get("data").get("code").asInt()).isEqualTo(4001);
  }

  @Test
  void upstreamLostClosesTheClientWithBadGateway() {
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> peer.disconnect()));
    RelayServer relay = relay(URI.create(upstream.url("/")));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));
    client.send("drop me");
    assertThat(client.awaitClose()).startsWith("1014 upstream");
  }

  @Test
  void clientCloseReachesTheUpstreamWithItsCodeAndReason() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")));
    WsClient client = WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of());
    upstream.peers.take();
    client.ws.sendClose(4100, "call ended").join();
    assertThat(upstream.closes.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("4100 call ended");
    awaitSessionEnd();
    JsonNode end = events().stream().filter(e -> e.get("event_type").asText().equals("SESSION_END")).findFirst().orElseThrow();
    assertThat(end.get("data").get("closed_by").asText()).isEqualTo("client");
    assertThat(end.get("data").get("code").asInt()).isEqualTo(4100);
  }

  @Test
  @SuppressWarnings("try") // the client is opened and dropped: the try's end is what is tested
  void clientVanishingClosesTheUpstream() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")));
    try (RawWsClient raw = new RawWsClient(relay.port(), "/v1/realtime")) { // asserts the 101
      upstream.peers.take();
    } // the TCP connection is gone without a close frame
    assertThat(upstream.closes.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("1001 client connection lost");
    awaitSessionEnd();
    JsonNode end = events().stream().filter(e -> e.get("event_type").asText().equals("SESSION_END")).findFirst().orElseThrow();
    assertThat(end.get("data").get("closed_by").asText()).isEqualTo("client");
    assertThat(end.get("data").get("code").asInt()).isEqualTo(1006);
  }

  @Test
  void aFailingInterceptorNeverLosesTheMessage() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    List<String> seen = new CopyOnWriteArrayList<>();
    Interceptor failing = chain -> {
      throw new IllegalStateException("boom before proceeding");
    };
    Interceptor observing = chain -> {
      long at = chain.proceed(chain.message());
      seen.add(chain.message().text() + "@" + (at != Chain.NOT_SENT));
    };
    RelayServer relay = relay(URI.create(upstream.url("/")), observing, failing);
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));
    client.send("still delivered");
    WsServer.Peer peer = upstream.peers.take();
    assertThat(peer.received.take()).isEqualTo("still delivered");
    client.close();
    awaitSessionEnd();
    assertThat(events()).anySatisfy(e -> {
      assertThat(e.get("event_type").asText()).isEqualTo("ERROR");
      assertThat(e.get("data").get("error").asText()).contains("boom before proceeding");
    });
  }

  @Test
  void secretsNeverReachTheLog() throws Exception {
    WsServer upstream = closer.add(new WsServer().subprotocols(o -> "realtime"));
    RelayServer relay = relay(URI.create(upstream.url("/v1/realtime")));
    WsClient client = WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime?model=m&api_key=" + CANARY,
        Map.of("Authorization", "Bearer " + CANARY, "api-key", CANARY), "realtime", "openai-insecure-api-key." + CANARY);
    client.send("{\"type\":\"x\",\"note\":\"" + CANARY + "\"}");
    upstream.peers.take().received.take();
    client.close();
    awaitSessionEnd();
    log.close();
    for (Path f : Files.list(dir).toList()) {
      assertThat(Files.readString(f)).doesNotContain(CANARY).doesNotContain("canary-0123");
    }
    assertThat(LogFiles.lines(dir)).anySatisfy(l -> assertThat(l).contains("openai-insecure-api-key.[secret]"));
  }

  private void awaitSessionEnd() throws InterruptedException {
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
  }
}
