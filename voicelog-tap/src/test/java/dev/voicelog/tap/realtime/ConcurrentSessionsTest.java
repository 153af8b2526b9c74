package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100 clients at once, each with its own upstream connection and its own session in the log. */
class ConcurrentSessionsTest {
  static final int CLIENTS = 100;
  static final int MESSAGES = 20;

  @TempDir Path dir;

  @Test
  void hundredConcurrentClientsEachGetTheirOwnSessionAndTheirOwnReplies() throws Exception {
    SessionEnds sessionEnds = new SessionEnds();
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).addListener(sessionEnds).build();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    // the upstream echoes each event back as a server event that names the client
    try (WsServer upstream = new WsServer().onText((peer, text) -> peer.send(text.replace("\"type\":\"ping\"", "\"type\":\"pong\"")));
         RealtimeProxy proxy = RealtimeProxy.builder().log(log).listen("127.0.0.1", 0)
             .upstream(URI.create(upstream.url("/v1/realtime"))).start()) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        done.add(CompletableFuture.runAsync(() -> {
          try (WsClient ws = WsClient.connect("ws://127.0.0.1:" + proxy.port() + "/v1/realtime?model=m&client=" + client, Map.of())) {
            for (int i = 0; i < MESSAGES; i++) {
              ws.send("{\"type\":\"ping\",\"client\":" + client + ",\"n\":" + i + "}");
            }
            for (int i = 0; i < MESSAGES; i++) {
              assertThat(ws.nextText()).isEqualTo("{\"type\":\"pong\",\"client\":" + client + ",\"n\":" + i + "}");
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      sessionEnds.await(CLIENTS, Duration.ofSeconds(20));
      assertThat(proxy.openConnections()).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.close()).isTrue();

    List<JsonNode> lines = LogFiles.events(dir);
    Map<String, List<JsonNode>> bySession = lines.stream().collect(Collectors.groupingBy(l -> l.path("session_id").asText()));
    assertThat(bySession).hasSize(CLIENTS);
    for (List<JsonNode> session : bySession.values()) {
      String query = session.stream().filter(l -> l.path("event_type").asText().equals("SESSION_START")).findFirst()
          .orElseThrow().path("data").path("query").asText();
      String client = query.substring(query.indexOf("client=") + 7);
      List<JsonNode> pings = session.stream().filter(l -> l.path("event_type").asText().equals("ping")).toList();
      List<JsonNode> pongs = session.stream().filter(l -> l.path("event_type").asText().equals("pong")).toList();
      assertThat(pings).hasSize(MESSAGES).allSatisfy(p -> assertThat(p.path("data").path("client").asText()).isEqualTo(client));
      assertThat(pongs).hasSize(MESSAGES).allSatisfy(p -> assertThat(p.path("data").path("client").asText()).isEqualTo(client));
      assertThat(session.stream().mapToLong(l -> l.path("seq").asLong()).sorted().toArray())
          .as("gap-free seq").containsExactly(java.util.stream.LongStream.rangeClosed(1, session.size()).toArray());
      assertThat(session).anySatisfy(l -> assertThat(l.path("event_type").asText()).isEqualTo("SESSION_END"));
    }
  }
}
