package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.Closer;
import dev.voicelog.tap.testing.SocketModes;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TcpRelayServerTest {
  @TempDir Path dir;
  @RegisterExtension final Closer closer = new Closer();
  VoiceLog log;
  final SessionEnds sessionsEnded = new SessionEnds();


  /** A relay over a log that counts the session ends it writes. */
  private TcpRelayServer relay(int upstreamPort, Interceptor... interceptors) throws IOException {
    log = VoiceLog.builder().directory(dir).shutdownHook(false).addListener(sessionsEnded).build();
    closer.add((AutoCloseable) log::close);
    List<Interceptor> chain = List.of(interceptors);
    return closer.add(TcpRelayServer.builder().log(log).upstream("127.0.0.1", upstreamPort).tap("test").listen("127.0.0.1", 0)
        .connectTimeout(Duration.ofSeconds(3)).firstBytesWait(Duration.ofMillis(500))
        .sessionId(first -> first.remaining() >= 4 && first.get(0) == 'I' && first.get(1) == 'D' ? "call-" + (char) first.get(2) + (char) first.get(3) : null)
        .interceptors(c -> chain).start());
  }

  private Socket connect(TcpRelayServer relay) throws IOException {
    Socket s = closer.add(new Socket(InetAddress.getByName("127.0.0.1"), relay.port()));
    s.setTcpNoDelay(true);
    return s;
  }

  private List<JsonNode> events() throws InterruptedException {
    sessionsEnded.await(1, Duration.ofSeconds(10));
    log.flush(Duration.ofSeconds(5));
    return LogFiles.events(dir);
  }

  private static JsonNode only(List<JsonNode> events, String type) {
    List<JsonNode> of = events.stream().filter(e -> e.path("event_type").asText().equals(type)).toList();
    assertThat(of).as(type).hasSize(1);
    return of.get(0);
  }

  /**
   * A call still waiting for its first bytes when the proxy stops gets its session before close() returns:
   * the command closes the log right after, and lines written later would be lost.
   */
  @Test
  void aConnectionStillSettingUpIsLoggedBeforeCloseReturns() throws Exception {
    TcpServer upstream = closer.add(new TcpServer());
    log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    TcpRelayServer relay = TcpRelayServer.builder().log(log).upstream("127.0.0.1", upstream.port()).tap("test")
        .listen("127.0.0.1", 0).firstBytesWait(Duration.ofMinutes(1)).interceptors(c -> List.of()).start();
    connect(relay); // sends nothing: the relay connects the upstream, then waits for the first bytes
    upstream.nextPeer();
    relay.close();
    assertThat(log.close()).isTrue();
    List<JsonNode> events = LogFiles.events(dir);
    assertThat(events).extracting(e -> e.path("event_type").asText()).contains("SESSION_START", "SESSION_END");
    assertThat(only(events, "SESSION_END").path("data").path("closed_by").asText()).isEqualTo("proxy");
  }

  /**
   * A JDK socket that once read with a timeout (the first-bytes wait) would read in non-blocking mode ever
   * after, three system calls a read instead of one: both of the relay's sockets must be in blocking mode
   * once bytes flow.
   */
  @Test
  void bothSocketsReadInBlockingModeAfterTheirTimeouts() throws Exception {
    assumeTrue(SocketModes.available(), "reads Linux's /proc");
    TcpServer upstream = closer.add(new TcpServer());
    TcpRelayServer relay = relay(upstream.port());
    Socket client = connect(relay);
    client.getOutputStream().write("ID42hello".getBytes(StandardCharsets.US_ASCII));
    TcpServer.Peer agent = upstream.nextPeer();
    assertThat(agent.read(9)).hasSize(9);
    agent.write("answer".getBytes(StandardCharsets.US_ASCII));
    assertThat(TcpServer.readExactly(client, 6)).hasSize(6);

    assertThat(SocketModes.nonBlocking(relay.port(), upstream.port())) // the relay's two: from the client, to the agent
        .hasSize(2).allSatisfy((ports, nonBlocking) -> assertThat(nonBlocking).as(ports).isFalse());
  }

  @Test
  void bytesGoBothWaysUnchangedAndTheFirstBytesNameTheSession() throws Exception {
    TcpServer upstream = closer.add(new TcpServer());
    List<String> seen = new CopyOnWriteArrayList<>();
    TcpRelayServer relay = relay(upstream.port(), new Interceptor() {
      @Override
      public void intercept(Chain chain) {
        chain.proceed(chain.message());
        seen.add(chain.message().direction() + " " + chain.message().size());
      }
    });
    Socket client = connect(relay);
    client.getOutputStream().write("ID42hello".getBytes(StandardCharsets.US_ASCII));
    TcpServer.Peer agent = upstream.nextPeer();
    assertThat(new String(agent.read(9), StandardCharsets.US_ASCII)).isEqualTo("ID42hello");
    agent.write("answer".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(TcpServer.readExactly(client, 6), StandardCharsets.US_ASCII)).isEqualTo("answer");

    client.shutdownOutput(); // the caller hangs up: the agent sees its stream end, and closes in turn
    assertThat(agent.readToEnd()).isEmpty();
    agent.close();
    assertThat(client.getInputStream().read()).isEqualTo(-1);

    List<JsonNode> events = events();
    assertThat(events).allSatisfy(e -> assertThat(e.path("session_id").asText()).isEqualTo("call-42"));
    JsonNode start = only(events, "SESSION_START");
    assertThat(start.path("data").path("tap").asText()).isEqualTo("test");
    assertThat(start.path("data").path("upstream").asText()).isEqualTo("127.0.0.1:" + upstream.port());
    assertThat(only(events, "proxy.upstream_connected").path("data").path("connect_ms").asDouble()).isNotNegative();
    JsonNode end = only(events, "SESSION_END").path("data");
    assertThat(end.path("closed_by").asText()).isEqualTo("client");
    assertThat(end.path("bytes_from_client").asLong()).isEqualTo(9);
    assertThat(end.path("bytes_from_upstream").asLong()).isEqualTo(6);
    assertThat(seen).containsExactlyInAnyOrder("CLIENT_TO_UPSTREAM 9", "UPSTREAM_TO_CLIENT 6"); // post-work runs after forwarding
  }

  @Test
  void anInterceptorThatThrowsLosesNoBytes() throws Exception {
    TcpServer upstream = closer.add(new TcpServer());
    TcpRelayServer relay = relay(upstream.port(), chain -> {
      throw new IllegalStateException("broken interceptor");
    });
    Socket client = connect(relay);
    client.getOutputStream().write(new byte[] {1, 2, 3});
    TcpServer.Peer agent = upstream.nextPeer();
    assertThat(agent.read(3)).containsExactly(1, 2, 3);
    agent.close(); // the agent goes: the caller's stream ends too
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    client.close();
    List<JsonNode> events = events();
    assertThat(events).anySatisfy(e -> {
      assertThat(e.path("event_type").asText()).isEqualTo("ERROR");
      assertThat(e.path("data").path("error").asText()).contains("broken interceptor");
    });
    assertThat(only(events, "SESSION_END").path("data").path("closed_by").asText()).isEqualTo("upstream");
    assertThat(events.get(0).path("session_id").asText()).startsWith("conv_"); // no id in the first bytes
  }

  @Test
  void anUnreachableUpstreamEndsTheCallWithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    TcpRelayServer relay = relay(closedPort);
    Socket client = connect(relay);
    client.getOutputStream().write("IDxy".getBytes(StandardCharsets.US_ASCII));
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    List<JsonNode> events = events();
    assertThat(only(events, "ERROR").path("data").path("error").asText())
        .isEqualTo("upstream unreachable: connection to 127.0.0.1:" + closedPort + " refused");
    JsonNode end = only(events, "SESSION_END").path("data");
    assertThat(end.path("closed_by").asText()).isEqualTo("proxy");
    assertThat(end.path("reason").asText()).contains("refused");
    assertThat(events.get(0).path("session_id").asText()).isEqualTo("call-xy");
  }

  @Test
  void closingTheRelayEndsItsCalls() throws Exception {
    TcpServer upstream = closer.add(new TcpServer());
    TcpRelayServer relay = relay(upstream.port());
    Socket client = connect(relay);
    client.getOutputStream().write("ID01".getBytes(StandardCharsets.US_ASCII));
    upstream.nextPeer().read(4);
    assertThat(relay.openConnections()).isEqualTo(1);
    relay.close();
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    assertThat(relay.openConnections()).isZero();
    assertThat(only(events(), "SESSION_END").path("data").path("closed_by").asText()).isEqualTo("proxy");
  }
}
