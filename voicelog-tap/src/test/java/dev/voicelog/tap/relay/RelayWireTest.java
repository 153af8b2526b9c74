package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.SocketModes;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.tap.testing.TlsFront;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay at the level of frames and bytes, with a client that writes frames by hand (so it can send
 * what well-behaved libraries never do) against a real upstream (Jetty, through Javalin).
 */
class RelayWireTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();
  final List<String> seen = new CopyOnWriteArrayList<>();
  VoiceLog log;


  private RelayServer relay(URI upstream, java.util.function.UnaryOperator<RelayServer.Builder> more) {
    log = TestRelays.log(dir, closer, sessionEnds);
    Interceptor observing = chain -> { // notes before forwarding, so whoever got the message finds it noted
      Message m = chain.message();
      seen.add(m.direction().label() + " " + (m.isText() ? m.text() : m.size() + " bytes"));
      chain.proceed(m);
    };
    return TestRelays.start(log, closer, upstream, b -> more.apply(b.interceptors(c -> List.of(observing))));
  }

  private List<JsonNode> eventsAfterEnd() throws InterruptedException {
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    return LogFiles.events(dir);
  }

  @Test
  void fragmentsArriveAsOneMessageAndControlFramesPassInBetween() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b);
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/v1/realtime"));
    client.send(false, 0x1, "hel".getBytes(StandardCharsets.UTF_8), true);
    client.send(true, 0x9, "p1".getBytes(StandardCharsets.UTF_8), true); // a ping between the fragments
    client.send(true, 0x0, "lo".getBytes(StandardCharsets.UTF_8), true);

    assertThat(upstream.peers.take().received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
    WsFrame pong = client.next();
    assertThat(pong.opcode).isEqualTo(WsFrame.PONG); // the upstream's answer to the relayed ping
    assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("p1");
    assertThat(seen).containsExactly("client_to_server hello");
  }

  /**
   * Both sockets read their handshakes with a timeout; a JDK socket that once did would read in
   * non-blocking mode ever after (three system calls a frame instead of one).
   */
  @Test
  void bothSocketsReadInBlockingModeAfterTheHandshake() throws Exception {
    assumeTrue(SocketModes.available(), "reads Linux's /proc");
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b);
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    WsServer.Peer peer = upstream.peers.take();
    client.send(true, 0x1, "hi".getBytes(StandardCharsets.UTF_8), true);
    assertThat(peer.received.poll(10, TimeUnit.SECONDS)).isEqualTo("hi");
    peer.send("back");
    assertThat(new String(client.next().payload(), StandardCharsets.UTF_8)).isEqualTo("back");

    assertThat(SocketModes.nonBlocking(relay.port(), upstream.port())) // the relay's two: from the client, to the upstream
        .hasSize(2).allSatisfy((ports, nonBlocking) -> assertThat(nonBlocking).as(ports).isFalse());
  }

  /**
   * The client vanishes; the relay tells the upstream (1001), which hangs up without a close frame of its
   * own, as many agents do. That is how an ending connection ends, not a fault: no ERROR, and nothing
   * after SESSION_END (such a line came after the end, and was lost when the log closed right then).
   */
  @Test
  void anUpstreamHangingUpOnTheRelaysCloseIsNoError() throws Exception {
    TcpServer upstream = closer.add(new TcpServer().onConnect(peer -> {
      try {
        java.io.InputStream in = new java.io.BufferedInputStream(peer.socket.getInputStream());
        HttpHead request = HttpHead.read(in);
        peer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(request.first("Sec-WebSocket-Key").strip()) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (WsFrame f = WsFrame.read(in, 1 << 20); f != null && f.opcode != WsFrame.CLOSE; f = WsFrame.read(in, 1 << 20)) {
          // reads until the relay's close
        }
      } catch (IOException e) {
        // the test fails on the log below
      }
      peer.close(); // hangs up without answering
    }));
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"), b -> b);
    RawWsClient client = new RawWsClient(relay.port(), "/");
    client.send(true, 0x1, "hi".getBytes(StandardCharsets.UTF_8), true);
    client.close(); // vanishes without a close frame

    sessionEnds.await(1, Duration.ofSeconds(10));
    for (Thread t : Thread.getAllStackTraces().keySet()) { // the relay's threads of this connection have finished
      if (t.getName().startsWith("voicelog-test-1-")) {
        t.join(10_000);
      }
    }
    log.flush(Duration.ofSeconds(5));
    List<JsonNode> ev = LogFiles.events(dir);
    assertThat(ev).noneMatch(e -> e.path("event_type").asText().equals("ERROR"));
    assertThat(ev.get(ev.size() - 1).path("event_type").asText()).isEqualTo("SESSION_END");
    assertThat(ev.get(ev.size() - 1).path("data").path("reason").asText()).startsWith("client connection lost");
  }

  /** A relay to {@code upstream} and a hand-writing client through it, once the upstream has the connection. */
  private RawWsClient rawClientThrough(WsServer upstream) throws Exception {
    return rawClientThrough(upstream, b -> b);
  }

  /** The same, with the relay's settings changed by {@code more}. */
  private RawWsClient rawClientThrough(WsServer upstream, java.util.function.UnaryOperator<RelayServer.Builder> more)
      throws Exception {
    RelayServer relay = relay(URI.create(upstream.url("/")), more);
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    upstream.peers.take();
    return client;
  }

  @Test
  void anUnmaskedClientFrameIsRelayedAsItWasAndLogged() throws Exception {
    RawWsClient client = rawClientThrough(closer.add(new WsServer()));
    client.send(true, 0x1, "hi".getBytes(StandardCharsets.UTF_8), false);

    WsFrame close = client.next(); // Jetty refuses the unmasked frame; its close comes back through the relay
    assertThat(close.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(WsFrame.closeCode(close.payload())).isEqualTo(1002);
    client.send(true, 0x8, close.payload(), true);
    List<JsonNode> ev = eventsAfterEnd();
    assertThat(ev).anySatisfy(e -> {
      assertThat(e.get("event_type").asText()).isEqualTo("ERROR");
      assertThat(e.get("data").get("error").asText()).contains("a client frame must be masked").contains("relayed as it was");
    });
    JsonNode end = LogFiles.events(dir, "SESSION_END").get(0);
    assertThat(end.get("data").get("closed_by").asText()).isEqualTo("upstream");
    assertThat(end.get("data").get("code").asInt()).isEqualTo(1002);
  }

  @Test
  void textThatIsNotUtf8IsRelayedAndLogged() throws Exception {
    RawWsClient client = rawClientThrough(closer.add(new WsServer()));
    client.send(true, 0x1, new byte[] {'{', (byte) 0xC3, 0x28, '}'}, true);

    WsFrame close = client.next();
    assertThat(WsFrame.closeCode(close.payload())).isEqualTo(1007); // Jetty's verdict on invalid UTF-8, relayed
    client.send(true, 0x8, close.payload(), true);
    assertThat(eventsAfterEnd()).anySatisfy(e ->
        assertThat(e.get("data").path("error").asText()).contains("not valid UTF-8"));
  }

  /** How a test's client sends a message above the relay's limit (1024 bytes here). */
  private interface Sending {
    void to(RawWsClient client) throws Exception;
  }

  /** Sends a message above the limit: both sides are closed (1009 to the sender), and the log's lines are returned. */
  private List<JsonNode> aboveTheLimit(Sending sending) throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RawWsClient client = rawClientThrough(upstream, b -> b.maxMessageBytes(1024));
    sending.to(client);

    WsFrame close = client.next();
    assertThat(WsFrame.closeCode(close.payload())).isEqualTo(1009);
    assertThat(upstream.closes.poll(10, TimeUnit.SECONDS)).startsWith("1001 ");
    List<JsonNode> ev = eventsAfterEnd();
    assertThat(LogFiles.events(dir, "SESSION_END").get(0).get("data").get("code").asInt()).isEqualTo(1009);
    return ev;
  }

  @Test
  void aMessageAboveTheLimitClosesBothSidesWith1009() throws Exception {
    List<JsonNode> ev = aboveTheLimit(client -> client.send(true, 0x2, new byte[2000], true));
    assertThat(ev).anySatisfy(e -> assertThat(e.get("data").path("error").asText()).contains("2000 bytes"));
  }

  @Test
  void aMessageOfFramesEachUnderTheLimitButAboveItTogetherClosesWith1009() throws Exception {
    List<JsonNode> ev = aboveTheLimit(client -> {
      client.send(false, 0x2, new byte[600], true);
      client.send(false, 0x0, new byte[600], true);
    });
    assertThat(ev).anySatisfy(e ->
        assertThat(e.get("data").path("error").asText()).contains("a message of more than 1024 bytes"));
  }

  /**
   * Writes, on a thread of its own, the head of a binary frame of {@code length} bytes and then {@code chunks}
   * chunks of its payload, 256 KiB each; the future completes when all is written, or with the write's failure.
   */
  private static CompletableFuture<Void> writing(RawWsClient client, long length, long chunks) {
    byte[] head = new byte[14]; // FIN and binary, masked, a 64-bit length, then a mask key of zeros
    head[0] = (byte) 0x82;
    head[1] = (byte) (0x80 | 127);
    for (int i = 0; i < 8; i++) {
      head[2 + i] = (byte) (length >>> (8 * (7 - i)));
    }
    CompletableFuture<Void> written = new CompletableFuture<>();
    Thread writer = new Thread(() -> {
      try {
        client.write(head);
        byte[] chunk = new byte[256 * 1024];
        for (long i = 0; i < chunks; i++) {
          client.write(chunk);
        }
        written.complete(null);
      } catch (IOException e) {
        written.completeExceptionally(e);
      }
    }, "test-writer");
    writer.setDaemon(true);
    writer.start();
    return written;
  }

  /**
   * The relay answers a message above its limit as soon as it reads its length, while the sender is still
   * writing the rest. Closing a socket with data unread sends a reset (RST) instead of an orderly end (FIN):
   * the sender's next write or read fails, and a stack may even throw away the close it has not read yet. So
   * the relay ends its output and reads the rest away before closing (RFC 6455 7.1.1): the sender finishes
   * writing, reads the whole 1009 close, then the end of the stream; nothing it does meets a reset.
   */
  @Test
  void theSenderOfAMessageAboveTheLimitReadsTheWhole1009CloseThenTheEndNotAReset() throws Exception {
    RawWsClient client = rawClientThrough(closer.add(new WsServer()), b -> b.maxMessageBytes(1024));
    // 2 MiB of the 8 still coming as the relay answers: far more than it reads ahead
    CompletableFuture<Void> written = writing(client, 8L << 20, 8);

    WsFrame close = client.next();
    assertThat(close.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(WsFrame.closeCode(close.payload())).isEqualTo(1009);
    assertThat(WsFrame.closeReason(close.payload())).isEqualTo("message too big");
    assertThat(client.next()).as("the end of the relay's stream, not a reset").isNull();
    assertThat(written).as("the sender's writes, none cut by a reset").succeedsWithin(Duration.ofSeconds(10));
  }

  /**
   * The lingering close is bounded: a sender that never stops writing is cut off in the end (by time or by
   * bytes), and the relay's thread that read it is free again.
   */
  @Test
  void aSenderThatNeverStopsWritingIsCutOffAndFreesTheRelaysThread() throws Exception {
    RawWsClient client = rawClientThrough(closer.add(new WsServer()), b -> b.maxMessageBytes(1024));
    CompletableFuture<Void> written = writing(client, Long.MAX_VALUE, Long.MAX_VALUE);

    assertThat(WsFrame.closeCode(client.next().payload())).isEqualTo(1009);
    assertThat(written).as("the relay stops reading and closes in the end").failsWithin(Duration.ofSeconds(20));
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("voicelog-test-1-in")) {
        t.join(10_000);
        assertThat(t.isAlive()).as("the relay's thread that read the sender").isFalse();
      }
    }
  }

  @Test
  void aRequestThatIsNotAWebSocketHandshakeIsAnsweredWithWhatWasExpected() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b);
    assertThat(exchange(relay.port(), "GET /v1/realtime HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 426 Upgrade Required").contains("takes WebSocket connections only");
    assertThat(exchange(relay.port(), "hello there\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request").contains("expected 'GET /path HTTP/1.1'");
    assertThat(exchange(relay.port(), "GET / HTTP/1.1\r\nno colon here\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request").contains("line 2");
    assertThat(upstream.handshakes).isEmpty();
    assertThat(relay.openConnections()).isZero();
  }

  @Test
  void aWssUpstreamIsReachedOverVerifiedTls() throws Exception {
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> peer.send("tls " + text)));
    TlsFront tls = closer.add(new TlsFront(dir.resolve("tls"), upstream.port()));
    javax.net.ssl.SSLContext trusting = tls.clientContext();
    RelayServer relay = relay(URI.create("wss://localhost:" + tls.port() + "/v1/realtime"), b -> b.upstreamTls(trusting));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime", Map.of()));
    client.send("hello");
    assertThat(client.nextText()).isEqualTo("tls hello");
  }

  @Test
  void aWssUpstreamWithAnUntrustedCertificateIsRefusedWithTheReason() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    TlsFront tls = closer.add(new TlsFront(dir.resolve("tls"), upstream.port()));
    RelayServer relay = relay(URI.create("wss://localhost:" + tls.port() + "/v1/realtime"), b -> b);
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/v1/realtime", Map.of()));
    assertThat(client.awaitClose()).startsWith("1014 upstream TLS failed");
    assertThat(upstream.handshakes).isEmpty();
  }

  /**
   * A refused request with more behind it than the relay reads (a body, a client that keeps writing): the
   * client reads the whole refusal and the end of the stream, not a reset. Closing with the rest unread sent
   * an RST, and the client's read then failed with "connection reset" instead of giving it the 426.
   */
  @Test
  void aRefusedRequestWithMoreBehindItReadsTheRefusalNotAReset() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b);
    try (Socket s = new Socket("127.0.0.1", relay.port())) {
      s.setSoTimeout(10_000);
      CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
        try {
          s.getOutputStream().write("POST /v1/realtime HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().write(new byte[2 << 20]);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 4");
      assertThat(written).as("the client's writes, none cut by a reset").succeedsWithin(Duration.ofSeconds(10));
    }
  }

  private static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
