package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.SessionEnds;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The closing handshake as RFC 6455 lets each side go through it, with peers that write frames by hand. */
class RelayClosingTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  final SessionEnds sessionEnds = new SessionEnds();

  private RelayServer relay(URI upstream) {
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).addListener(sessionEnds).build();
    closer.add((AutoCloseable) log::close);
    return closer.add(RelayServer.builder().log(log).upstream(upstream).tap("test").listen("127.0.0.1", 0)
        .connectTimeout(Duration.ofSeconds(3)).interceptors(c -> List.of()).start());
  }

  /** An upstream that accepts the handshake, then reads frames until a close and runs {@code afterClose}. */
  private TcpServer upstream(UpstreamScript afterClose) {
    return closer.add(new TcpServer().onConnect(peer -> {
      try {
        InputStream in = new BufferedInputStream(peer.socket.getInputStream());
        HttpHead request = HttpHead.read(in);
        peer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(request.first("Sec-WebSocket-Key").strip()) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        WsFrame f = WsFrame.read(in, 1 << 20);
        while (f != null && f.opcode != WsFrame.CLOSE) {
          f = WsFrame.read(in, 1 << 20);
        }
        afterClose.run(peer, f);
      } catch (IOException e) {
        // the test fails on what the client receives
      }
    }));
  }

  private interface UpstreamScript {
    void run(TcpServer.Peer peer, WsFrame close) throws IOException;
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
}
