package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The closing handshake as RFC 6455 lets each side go through it, with peers that write frames by hand. */
class RelayClosingTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();

  VoiceLog log;

  private RelayServer relay(URI upstream) {
    return relay(upstream, b -> b);
  }

  private RelayServer relay(URI upstream, java.util.function.UnaryOperator<RelayServer.Builder> settings) {
    log = TestRelays.log(dir, closer, sessionEnds);
    return TestRelays.start(log, closer, upstream, settings);
  }

  /** An upstream that accepts the handshake, then reads frames until a close and runs {@code afterClose}. */
  private TcpServer upstream(UpstreamScript afterClose) {
    return handshaking((peer, in) -> afterClose.run(peer, untilClose(in)));
  }

  /** An upstream that accepts the handshake and then runs {@code script} with its input, read-ahead kept. */
  private TcpServer handshaking(Script script) {
    return closer.add(new TcpServer().onConnect(peer -> {
      try {
        InputStream in = new BufferedInputStream(peer.socket.getInputStream());
        HttpHead request = HttpHead.read(in);
        peer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(request.first("Sec-WebSocket-Key").strip()) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        script.run(peer, in);
      } catch (IOException e) {
        // the test fails on what the client receives
      }
    }));
  }

  /** Reads frames until a close, which it returns (null when the stream ends first). */
  private static WsFrame untilClose(InputStream in) throws IOException {
    WsFrame f = WsFrame.read(in, 1 << 20);
    while (f != null && f.opcode != WsFrame.CLOSE) {
      f = WsFrame.read(in, 1 << 20);
    }
    return f;
  }

  private interface UpstreamScript {
    void run(TcpServer.Peer peer, WsFrame close) throws IOException;
  }

  private interface Script {
    void run(TcpServer.Peer peer, InputStream in) throws IOException;
  }

  /**
   * RFC 6455 5.5.1: a side that received a close may send the messages it has under way before it answers
   * (the API finishing a response as the client hangs up); the client reads them until the answer comes.
   */
  @Test
  void messagesTheUpstreamSendsBeforeAnsweringTheClientsCloseReachTheClient() throws Exception {
    TcpServer upstream = upstream((peer, close) -> {
      peer.write(WsFrame.encode(WsFrame.TEXT, "last words".getBytes(StandardCharsets.UTF_8), false));
      peer.write(WsFrame.encode(WsFrame.CLOSE, close.payload(), false));
    });
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    client.send(true, WsFrame.CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}, true);

    WsFrame first = client.next();
    assertThat(first.opcode).as("the upstream's message before its close").isEqualTo(WsFrame.TEXT);
    assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("last words");
    WsFrame second = client.next();
    assertThat(second.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(WsFrame.closeCode(second.payload())).isEqualTo(1000);
  }

  /**
   * Close payloads RFC 6455 forbids, and what the relay's error says of each: codes that may not be on the
   * wire (7.4: 1005, 1006 and 1015 describe a local event, 1004 and 1016-2999 are reserved, the rest are not
   * codes), a payload too short for a code, a reason that is not UTF-8 (8.1).
   */
  static Stream<Arguments> invalidCloses() {
    return Stream.of(
        Arguments.of(code(1005), "close code 1005"), Arguments.of(code(1006), "close code 1006"),
        Arguments.of(code(1015), "close code 1015"), Arguments.of(code(999), "close code 999"),
        Arguments.of(code(0), "close code 0"), Arguments.of(code(1004), "close code 1004"),
        Arguments.of(code(1016), "close code 1016"), Arguments.of(code(2999), "close code 2999"),
        Arguments.of(code(5000), "close code 5000"), Arguments.of(new byte[] {0x03}, "1 byte"),
        Arguments.of(new byte[] {0x03, (byte) 0xE8, 'o', (byte) 0xC3, 0x28}, "reason that is not valid UTF-8"));
  }

  private static byte[] code(int code) {
    return new byte[] {(byte) (code >> 8), (byte) code};
  }

  /**
   * A client's invalid close is not passed on (a compliant upstream would fail the connection too, blaming
   * the relay): both sides get 1002, the upstream's with a reason naming the client's fault, and the log says
   * what the client did wrong.
   */
  @ParameterizedTest
  @MethodSource("invalidCloses")
  void aClientsInvalidCloseIsAnsweredWith1002BothWaysAndLogged(byte[] payload, String problem) throws Exception {
    BlockingQueue<WsFrame> upstreamGot = new LinkedBlockingQueue<>();
    TcpServer upstream = upstream((peer, close) -> {
      upstreamGot.add(close);
      peer.write(WsFrame.encode(WsFrame.CLOSE, close.payload(), false)); // answers with what it got
    });
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    client.send(true, WsFrame.CLOSE, payload, true);

    WsFrame answer = client.next();
    assertThat(answer.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(WsFrame.closeCode(answer.payload())).isEqualTo(1002);
    assertThat(WsFrame.closeReason(answer.payload())).contains(problem);
    WsFrame toUpstream = upstreamGot.poll(10, TimeUnit.SECONDS);
    assertThat(WsFrame.closeCode(toUpstream.payload())).isEqualTo(1002);
    assertThat(WsFrame.closeReason(toUpstream.payload())).contains("client").contains(problem);
    assertThat(client.next()).as("the relay closes the connection after the closing handshake").isNull();
    assertLogged(CloseInfo.CLIENT, problem);
  }

  /** The same, the other way: the upstream's invalid close gets it and the client 1002. */
  @ParameterizedTest
  @MethodSource("invalidCloses")
  void anUpstreamsInvalidCloseIsAnsweredWith1002BothWaysAndLogged(byte[] payload, String problem) throws Exception {
    BlockingQueue<WsFrame> upstreamGot = new LinkedBlockingQueue<>();
    TcpServer upstream = handshaking((peer, in) -> {
      peer.write(WsFrame.encode(WsFrame.CLOSE, payload, false));
      upstreamGot.add(untilClose(in));
    });
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));

    WsFrame toClient = client.next();
    assertThat(toClient.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(WsFrame.closeCode(toClient.payload())).isEqualTo(1002);
    assertThat(WsFrame.closeReason(toClient.payload())).contains("upstream").contains(problem);
    client.send(true, WsFrame.CLOSE, toClient.payload(), true); // the client's answer
    WsFrame answer = upstreamGot.poll(10, TimeUnit.SECONDS);
    assertThat(WsFrame.closeCode(answer.payload())).isEqualTo(1002);
    assertThat(WsFrame.closeReason(answer.payload())).contains(problem);
    assertThat(client.next()).as("the relay closes the connection after the closing handshake").isNull();
    assertLogged(CloseInfo.UPSTREAM, problem);
  }

  /** One ERROR naming the side and its fault, never the close's reason; the session ends with 1002, by that side. */
  private void assertLogged(String side, String problem) throws InterruptedException {
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    List<JsonNode> errors = LogFiles.events(dir, "ERROR");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("data").path("source").asText()).isEqualTo(side);
    assertThat(errors.get(0).path("data").path("error").asText())
        .startsWith("invalid close frame from the " + side + ": ").contains(problem);
    JsonNode end = LogFiles.events(dir, "SESSION_END").get(0).path("data");
    assertThat(end.path("closed_by").asText()).isEqualTo(side);
    assertThat(end.path("code").asInt()).isEqualTo(1002);
  }

  /** A close with no payload says no code at all, which is allowed: relayed as it came, a normal end (1005 here). */
  @Test
  void aCloseWithoutACodeIsANormalClose() throws Exception {
    TcpServer upstream = upstream((peer, close) -> peer.write(WsFrame.encode(WsFrame.CLOSE, close.payload(), false)));
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    client.send(true, WsFrame.CLOSE, new byte[0], true);

    WsFrame answer = client.next();
    assertThat(answer.opcode).isEqualTo(WsFrame.CLOSE);
    assertThat(answer.payload()).isEmpty();
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    assertThat(LogFiles.events(dir, "ERROR")).isEmpty();
    JsonNode end = LogFiles.events(dir, "SESSION_END").get(0).path("data");
    assertThat(end.path("closed_by").asText()).isEqualTo("client");
    assertThat(end.path("code").asInt()).isEqualTo(1005);
  }

  /** Every code that may be sent, the registered ones past 1011 included, is relayed as it came. */
  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1012, 1013, 1014, 3000, 4999})
  void aCloseWithACodeThatMayBeSentIsRelayedAsItCame(int code) throws Exception {
    BlockingQueue<WsFrame> upstreamGot = new LinkedBlockingQueue<>();
    TcpServer upstream = upstream((peer, close) -> {
      upstreamGot.add(close);
      peer.write(WsFrame.encode(WsFrame.CLOSE, close.payload(), false));
    });
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    byte[] payload = {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'};
    client.send(true, WsFrame.CLOSE, payload, true);

    assertThat(upstreamGot.poll(10, TimeUnit.SECONDS).payload()).containsExactly(payload);
    assertThat(client.next().payload()).containsExactly(payload);
    sessionEnds.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(10));
    assertThat(LogFiles.events(dir, "ERROR")).isEmpty();
  }

  /**
   * A peer that never answers the proxy's 1001 when the proxy shuts down: once {@link RelayServer#close()}
   * has returned, its socket is closed (it reads the 1001, then the end of the stream) and no relay thread is
   * left reading it. The close grace used to be a timer task that the server's close cancelled, so such a
   * socket stayed open, and its pump thread blocked, after the server was gone.
   */
  @Test
  void afterTheServerClosesAPeerThatNeverAnswersIsCutOff() throws Exception {
    BlockingQueue<String> upstreamSaw = new LinkedBlockingQueue<>();
    TcpServer upstream = handshaking((peer, in) -> {
      peer.socket.setSoTimeout(10_000);
      WsFrame first = WsFrame.read(in, 1 << 20);
      upstreamSaw.add(first == null ? "end" : new String(first.payload(), StandardCharsets.UTF_8));
      WsFrame close = untilClose(in);
      upstreamSaw.add(close == null ? "end before a close" : "close " + WsFrame.closeCode(close.payload()));
      try {
        upstreamSaw.add(in.read() < 0 ? "end" : "more bytes");
      } catch (IOException e) {
        upstreamSaw.add("failed: " + e);
      }
    });
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"), b -> b.closeGrace(Duration.ofMillis(200)));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    client.send(true, WsFrame.TEXT, "hello".getBytes(StandardCharsets.UTF_8), true);
    assertThat(upstreamSaw.poll(10, TimeUnit.SECONDS)).as("relayed: both sides are up").isEqualTo("hello");

    relay.close(); // neither side answers its 1001

    assertThat(WsFrame.closeCode(client.next().payload())).isEqualTo(1001);
    assertThat(client.next()).as("the client's stream ends after the close").isNull();
    assertThat(upstreamSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1001");
    assertThat(upstreamSaw.poll(10, TimeUnit.SECONDS)).as("the upstream's stream ends after the close").isEqualTo("end");
  }
}
