package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The relay's clocks: the idle timeout, the close grace and the stuck-write timeout, each against real peers. */
class RelayTimeoutsTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();
  VoiceLog log;

  private RelayServer relay(URI upstream, UnaryOperator<RelayServer.Builder> settings) {
    log = TestRelays.log(dir, closer, sessionEnds);
    return TestRelays.start(log, closer, upstream, settings);
  }

  private JsonNode sessionEnd() throws InterruptedException {
    sessionEnds.await(1, Duration.ofSeconds(30));
    log.flush(Duration.ofSeconds(10));
    return LogFiles.events(dir, "SESSION_END").get(0).get("data");
  }

  @Test
  void aConnectionWithNoTrafficIsClosedBothWaysAfterTheIdleTimeout() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b.idleTimeout(Duration.ofMillis(300)));
    WsClient client = closer.add(WsClient.connect("ws://127.0.0.1:" + relay.port() + "/", Map.of()));

    assertThat(client.awaitClose()).isEqualTo("1001 voicelog proxy: no traffic for 300 ms");
    assertThat(upstream.closes.poll(10, TimeUnit.SECONDS)).isEqualTo("1001 voicelog proxy: no traffic for 300 ms");
    JsonNode end = sessionEnd();
    assertThat(end.get("closed_by").asText()).isEqualTo("proxy");
    assertThat(end.get("reason").asText()).isEqualTo("no traffic for 300 ms");
  }

  @Test
  void anUpstreamThatNeverAnswersACloseIsDroppedAfterTheGrace() throws Exception {
    SilentUpstream upstream = closer.add(new SilentUpstream());
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"), b -> b.closeGrace(Duration.ofMillis(300)));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    client.send(true, WsFrame.CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}, true); // 1000 "bye"

    upstream.ended.get(10, TimeUnit.SECONDS); // the relay closed the silent upstream's socket
    assertThat(client.next()).isNull(); // and the client's, with no close answer to relay
    JsonNode end = sessionEnd();
    assertThat(end.get("closed_by").asText()).isEqualTo("client");
    assertThat(end.get("code").asInt()).isEqualTo(1000);
    assertThat(relay.openConnections()).isZero();
  }

  @Test
  void aClientThatStopsReadingIsDroppedAfterTheSendTimeout() throws Exception {
    byte[] megabyte = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
    WsServer upstream = closer.add(new WsServer().onText((peer, text) -> {
      Thread flood = new Thread(() -> {
        try {
          for (int i = 0; i < 64; i++) {
            peer.send(new String(megabyte, StandardCharsets.US_ASCII)); // blocks once the relay stops taking them
          }
        } catch (RuntimeException dropped) {
          // the relay dropped the connection: that is the point
        }
      }, "flood");
      flood.setDaemon(true);
      flood.start();
    }));
    RelayServer relay = relay(URI.create(upstream.url("/")), b -> b.sendTimeout(Duration.ofMillis(300)));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/")); // never reads a frame
    client.send(true, WsFrame.TEXT, "flood me".getBytes(StandardCharsets.US_ASCII), true);

    JsonNode end = sessionEnd();
    assertThat(end.get("closed_by").asText()).isEqualTo("proxy");
    assertThat(end.get("reason").asText()).isEqualTo("a write to the client has been stuck for 300 ms");
    assertThat(LogFiles.events(dir, "ERROR")).anySatisfy(e ->
        assertThat(e.get("data").get("error").asText()).isEqualTo("a write to the client has been stuck for 300 ms"));
  }

  @Test
  void closingTheRelayWhileAnUpstreamIsStillAnsweringTheHandshakeEndsTheSession() throws Exception {
    try (ServerSocket mute = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return mute.accept(); // takes the connection, never answers the handshake
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      RelayServer relay = relay(URI.create("ws://127.0.0.1:" + mute.getLocalPort() + "/"),
          b -> b.connectTimeout(Duration.ofMinutes(5)));
      Socket client = closer.add(new Socket("127.0.0.1", relay.port()));
      client.getOutputStream().write(RawWsClient.handshake("/")); // no answer comes: the upstream is mute
      Socket upstreamSide = closer.add(accepted.get(10, TimeUnit.SECONDS));

      relay.close(); // must not wait out the 5 minute connect timeout
      JsonNode end = sessionEnd();
      assertThat(end.get("closed_by").asText()).isEqualTo("proxy");
      client.setSoTimeout(10_000);
      InputStream in = new java.io.BufferedInputStream(client.getInputStream());
      assertThat(HttpHead.read(in).startLine).as("the client is told, not just cut off").startsWith("HTTP/1.1 101");
      WsFrame close = WsFrame.read(in, 1 << 20);
      assertThat(close.opcode).isEqualTo(WsFrame.CLOSE);
      assertThat(WsFrame.closeCode(close.payload())).isEqualTo(1001);
      assertThat(WsFrame.closeReason(close.payload())).isEqualTo("voicelog proxy shutting down");
      assertThat(LogFiles.events(dir, "ERROR")).as("the proxy's own shutdown is no upstream fault").isEmpty();
      upstreamSide.setSoTimeout(10_000); // a read that times out fails the test: the attempt was left open
      while (upstreamSide.getInputStream().read(new byte[4096]) >= 0) {
        // the relay's handshake, if it was written yet, and then the end of its stream
      }
      assertThat(relay.openConnections()).isZero();
    }
  }

  /** An upstream that accepts the WebSocket handshake and then reads and ignores everything. */
  static final class SilentUpstream implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    /** Completes when the relay closed the connection. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    SilentUpstream() throws IOException {
      Thread t = new Thread(this::serveOne, "silent-upstream");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void serveOne() {
      try (Socket s = listener.accept()) {
        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        HttpHead head = HttpHead.read(in);
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(head.first("Sec-WebSocket-Key")) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        while (in.read() >= 0) {
          // ignores everything, the close frame included
        }
        ended.complete(null);
      } catch (IOException e) {
        ended.complete(null); // a reset is an end too
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
