package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.tap.testing.WsServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The opening handshake's headers as HTTP/1.1 lets each side write them. */
class RelayHandshakeTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();

  private RelayServer relay(URI upstream) {
    return TestRelays.start(TestRelays.log(dir, closer), closer, upstream, b -> b);
  }

  /** Header names are case-insensitive (RFC 9110 5.1): the same header sent twice in two spellings is one header with two values. */
  @Test
  void aHeaderRepeatedInAnotherCaseReachesTheUpstreamWithEveryValue() throws Exception {
    WsServer upstream = closer.add(new WsServer());
    RelayServer relay = relay(URI.create(upstream.url("/")));
    try (Socket s = new Socket("127.0.0.1", relay.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "X-Tenant: acme\r\nx-tenant: globex\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      upstream.peers.take();
      assertThat(upstream.handshakes.get(0).headers().entrySet())
          .filteredOn(e -> e.getKey().equalsIgnoreCase("X-Tenant"))
          .flatExtracting(e -> e.getValue()).containsExactly("acme", "globex");
    }
  }

  /**
   * A header value continued on the next line (obs-fold, RFC 9112 5.2): a client "MUST replace each
   * received obs-fold with one or more SP octets", not refuse the upstream's answer.
   */
  @Test
  void anUpstreamAnswerWithAFoldedHeaderIsAccepted() throws Exception {
    TcpServer upstream = closer.add(new TcpServer().onConnect(peer -> {
      try {
        InputStream in = new BufferedInputStream(peer.socket.getInputStream());
        HttpHead request = HttpHead.read(in);
        peer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "X-Server-Note: first part\r\n\tsecond part\r\n"
            + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(request.first("Sec-WebSocket-Key").strip()) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        peer.write(WsFrame.encode(WsFrame.TEXT, "hello".getBytes(StandardCharsets.UTF_8), false));
        in.read(); // holds the connection until the relay goes
      } catch (IOException e) {
        // the test fails on what the client receives
      }
    }));
    RelayServer relay = relay(URI.create("ws://127.0.0.1:" + upstream.port() + "/"));
    RawWsClient client = closer.add(new RawWsClient(relay.port(), "/"));
    WsFrame f = client.next();
    assertThat(f.opcode).as("not a close: " + (f.opcode == WsFrame.CLOSE ? WsFrame.closeReason(f.payload()) : ""))
        .isEqualTo(WsFrame.TEXT);
    assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void aFoldedHeaderIsOneValue() throws Exception {
    HttpHead head = HttpHead.read(new java.io.ByteArrayInputStream(
        "HTTP/1.1 101 Switching Protocols\r\nX-A: one\r\n  two\r\n\tthree\r\nX-B: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(head.first("X-A")).isEqualTo("one two three");
    assertThat(head.first("X-B")).isEqualTo("b");
  }
}
