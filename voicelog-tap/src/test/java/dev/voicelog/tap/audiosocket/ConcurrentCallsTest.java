package dev.voicelog.tap.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.VoiceLog;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.SessionEnds;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 AudioSocket calls at once through one tap, each paced in real time (a 20 ms frame every 20 ms for
 * 2 s) to an agent that sends every frame straight back: every byte arrives, in order, both ways; every
 * call has its own session (named by its UUID), complete and gap-free, and its own complete recording.
 */
class ConcurrentCallsTest {
  static final int CALLS = 100;
  static final int FRAMES = 100;
  static final AudioFormat SLIN = AudioFormat.AUDIOSOCKET_SLIN;

  @TempDir Path dir;

  @Test
  void hundredCallsAtOnceLoseNoFrame() throws Exception {
    SessionEnds ended = new SessionEnds();
    VoiceLog log = VoiceLog.builder().directory(dir.resolve("log")).shutdownHook(false).addListener(ended).build();
    ExecutorService pool = Executors.newFixedThreadPool(CALLS);
    try (TcpServer agent = new TcpServer().onConnect(ConcurrentCallsTest::echoAudio);
         AudioSocketTap tap = AudioSocketTap.builder().log(log).upstream("127.0.0.1", agent.port()).listen("127.0.0.1", 0)
             .recordings(dir.resolve("recordings")).start()) {
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int c = 0; c < CALLS; c++) {
        int call = c;
        calls.add(CompletableFuture.runAsync(() -> call(tap.port(), call), pool));
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      ended.await(CALLS, java.time.Duration.ofSeconds(30)); // every call's end written
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.close()).as("every event written").isTrue();
    assertThat(log.droppedEvents()).isZero();

    Map<String, List<JsonNode>> sessions = LogFiles.events(dir.resolve("log")).stream()
        .collect(Collectors.groupingBy(l -> l.path("session_id").asText()));
    assertThat(sessions).hasSize(CALLS);
    for (int c = 0; c < CALLS; c++) {
      List<JsonNode> s = sessions.get(uuid(c));
      assertThat(s).as("call %d by its UUID", c).isNotNull();
      assertThat(s.stream().mapToLong(l -> l.path("seq").asLong()).sorted().toArray()).as("gap-free seq")
          .containsExactly(java.util.stream.LongStream.rangeClosed(1, s.size()).toArray());
      JsonNode summary = only(s, "call.summary");
      assertThat(summary.path("caller_audio_ms").asDouble()).isEqualTo(FRAMES * 20.0);
      assertThat(summary.path("agent_audio_ms").asDouble()).isEqualTo(FRAMES * 20.0);
      JsonNode end = only(s, "SESSION_END");
      assertThat(end.path("bytes_from_client").asLong()).isEqualTo(19 + FRAMES * 323L);
      assertThat(end.path("bytes_from_upstream").asLong()).isEqualTo(FRAMES * 323L);
      JsonNode saved = only(s, "RECORDING_SAVED");
      assertThat(saved.path("complete").asBoolean()).isTrue();
      assertThat(saved.path("dropped_frames").asLong()).isZero();
      // no error, and no diagnostic but the one this busy machine may earn: 100 echoing agents on 2 cores
      // can fall behind real time, and the tap rightly says the caller would have heard gaps
      assertThat(s).filteredOn(l -> l.path("event_type").asText().equals("ERROR"))
          .allSatisfy(l -> assertThat(l.path("data").path("anomaly").asText()).isEqualTo("outbound_slow"));
    }
  }

  static String uuid(int call) {
    return String.format("00000000-0000-4000-8000-%012d", call);
  }

  private static JsonNode only(List<JsonNode> session, String type) {
    List<JsonNode> of = session.stream().filter(l -> l.path("event_type").asText().equals(type)).toList();
    assertThat(of).as(type).hasSize(1);
    return of.get(0).path("data");
  }

  /** The agent: every audio frame straight back, until Asterisk hangs up. */
  private static void echoAudio(TcpServer.Peer peer) {
    try (peer) {
      InputStream in = peer.socket.getInputStream();
      while (true) {
        byte[] header = in.readNBytes(3);
        if (header.length < 3) {
          return;
        }
        byte[] payload = in.readNBytes(((header[1] & 0xff) << 8) | (header[2] & 0xff));
        if (header[0] == 0x10) {
          peer.write(SimulatedAudioSocketAgent.frame(0x10, payload));
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** One call: the UUID, 100 frames paced at 20 ms; every frame must come back as sent. */
  private static void call(int port, int call) {
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      s.setTcpNoDelay(true);
      byte[] id = new byte[16];
      String hex = uuid(call).replace("-", "");
      for (int i = 0; i < 16; i++) {
        id[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
      s.getOutputStream().write(SimulatedAudioSocketAgent.frame(0x01, id));
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      long next = System.nanoTime();
      for (int k = 0; k < FRAMES; k++) {
        // sound with 150 ms pauses: shorter than the shortest playback the tap judges (200 ms), so a playback
        // that a busy machine's arrival gap cuts out of a pause is never taken for an agent sending silence
        byte[] f = SimulatedAudioSocketAgent.frame(0x10, Signals.frame(SLIN, k * 20, 20, 300 + call, at -> at % 1000 < 850));
        next += 20_000_000L;
        LockSupport.parkNanos(next - System.nanoTime()); // pacing the sender, as Asterisk does
        s.getOutputStream().write(f);
        sent.writeBytes(f);
      }
      assertThat(TcpServer.readExactly(s, sent.size())).as("call %d: every frame back, in order", call).isEqualTo(sent.toByteArray());
      s.shutdownOutput();
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
