package dev.voicelog.tap.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.VoiceLog;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 calls at once through one tap, each paced in real time (a 20 ms frame every 20 ms for 2 s) to an
 * agent that answers every frame with one of its own: every frame arrives, in order, both ways; every call
 * has its own session, complete and gap-free, and its own complete recording.
 */
class ConcurrentCallsTest {
  static final int CALLS = 100;
  static final int FRAMES = 100;
  static final AudioFormat ULAW = AudioFormat.TWILIO_MULAW;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void hundredCallsAtOnceLoseNoFrame() throws Exception {
    SessionEnds ended = new SessionEnds();
    VoiceLog log = VoiceLog.builder().directory(dir.resolve("log")).shutdownHook(false).addListener(ended).build();
    Map<WsServer.Peer, List<String>> agentHeard = new ConcurrentHashMap<>();
    Map<String, WsServer.Peer> peerOfStream = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(CALLS);
    try (WsServer agent = new WsServer().onText((peer, text) -> {
          JsonNode m = parse(text);
          String sid = m.path("streamSid").asText();
          agentHeard.computeIfAbsent(peer, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(text);
          if (m.path("event").asText().equals("start")) {
            peerOfStream.put(sid, peer);
          }
          if (m.path("event").asText().equals("media")) {
            peer.send("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\""
                + m.path("media").path("payload").asText() + "\"}}");
          }
        });
        TwilioTap tap = TwilioTap.builder().log(log).upstream(URI.create(agent.url("/media"))).listen("127.0.0.1", 0)
            .recordings(dir.resolve("recordings")).start()) {
      List<CompletableFuture<List<String>>> calls = new ArrayList<>();
      for (int c = 0; c < CALLS; c++) {
        String sid = String.format("MZ%032d", c);
        calls.add(CompletableFuture.supplyAsync(() -> call(tap.port(), sid), pool));
      }
      for (int c = 0; c < CALLS; c++) {
        String sid = String.format("MZ%032d", c);
        List<String> sent = calls.get(c).get(60, TimeUnit.SECONDS);
        assertThat(agentHeard.get(peerOfStream.get(sid))).as("call %d: what the agent got", c).containsExactlyElementsOf(sent);
      }
      ended.await(CALLS, java.time.Duration.ofSeconds(30)); // every call's end written
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.close()).as("every event written").isTrue();
    assertThat(log.droppedEvents()).isZero();

    Map<String, List<JsonNode>> sessions = LogFiles.events(dir.resolve("log")).stream()
        .collect(Collectors.groupingBy(l -> l.path("session_id").asText()));
    assertThat(sessions).hasSize(CALLS);
    for (List<JsonNode> s : sessions.values()) {
      assertThat(s.stream().mapToLong(l -> l.path("seq").asLong()).sorted().toArray()).as("gap-free seq")
          .containsExactly(java.util.stream.LongStream.rangeClosed(1, s.size()).toArray());
      JsonNode summary = only(s, "call.summary");
      assertThat(summary.path("caller_audio_ms").asDouble()).isEqualTo(FRAMES * 20.0);
      assertThat(summary.path("agent_audio_ms").asDouble()).isEqualTo(FRAMES * 20.0);
      JsonNode saved = only(s, "RECORDING_SAVED");
      assertThat(saved.path("complete").asBoolean()).isTrue();
      assertThat(saved.path("dropped_frames").asLong()).isZero();
      // no error, and no diagnostic but the one this busy machine may earn: 100 echoing agents on 2 cores
      // can fall behind real time, and the tap rightly says the caller would have heard gaps
      assertThat(s).filteredOn(l -> l.path("event_type").asText().equals("ERROR"))
          .allSatisfy(l -> assertThat(l.path("data").path("anomaly").asText()).isEqualTo("outbound_slow"));
    }
  }

  private static JsonNode only(List<JsonNode> session, String type) {
    List<JsonNode> of = session.stream().filter(l -> l.path("event_type").asText().equals(type)).toList();
    assertThat(of).as(type).hasSize(1);
    return of.get(0).path("data");
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** One call: start, 100 frames paced at 20 ms, each answered; returns what it sent, in order. */
  private static List<String> call(int port, String sid) {
    List<String> sent = new ArrayList<>();
    try (WsClient ws = WsClient.connect("ws://127.0.0.1:" + port + "/media", Map.of())) {
      sent.add("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
      sent.add("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"streamSid\":\"" + sid + "\",\"callSid\":\"CA" + sid.substring(2)
          + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\"" + sid + "\"}");
      for (String m : sent) {
        ws.send(m);
      }
      long next = System.nanoTime();
      for (int k = 0; k < FRAMES; k++) {
        // sound with 150 ms pauses: shorter than the shortest playback the tap judges (200 ms), so a playback
        // that a busy machine's arrival gap cuts out of a pause is never taken for an agent sending silence
        byte[] frame = Signals.frame(ULAW, k * 20, 20, 300 + k, at -> at % 1000 < 850);
        String media = "{\"event\":\"media\",\"sequenceNumber\":\"" + (k + 2) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
            + (k + 1) + "\",\"timestamp\":\"" + (k * 20) + "\",\"payload\":\"" + Base64Audio.encode(frame, 0, frame.length)
            + "\"},\"streamSid\":\"" + sid + "\"}";
        next += 20_000_000L;
        LockSupport.parkNanos(next - System.nanoTime()); // pacing the sender, as Twilio does
        ws.send(media);
        sent.add(media);
      }
      for (int k = 0; k < FRAMES; k++) {
        JsonNode back = parse(ws.nextText());
        assertThat(back.path("media").path("payload").asText()).as("echo %d", k)
            .isEqualTo(parse(sent.get(k + 2)).path("media").path("payload").asText());
      }
    }
    return sent;
  }
}
