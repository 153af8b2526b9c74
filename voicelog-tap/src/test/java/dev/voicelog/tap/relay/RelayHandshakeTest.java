package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.WsServer;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The opening handshake's headers as HTTP/1.1 lets each side write them. */
class RelayHandshakeTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();

  private RelayServer relay(URI upstream) {
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    closer.add((AutoCloseable) log::close);
    return closer.add(RelayServer.builder().log(log).upstream(upstream).tap("test").listen("127.0.0.1", 0)
        .connectTimeout(Duration.ofSeconds(3)).interceptors(c -> List.of()).start());
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
}
