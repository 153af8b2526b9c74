package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.LogFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void thousandSessionsOnEightThreadsKeepTheirEventsAndGapFreeSeq() throws Exception {
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).overflow(OverflowPolicy.BLOCK).build();
    int sessions = 1_000;
    int threads = 8;
    int eventsPerSession = 40;
    List<Session> all = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      all.add(log.startSession("call-" + i));
    }
    // Every session is fed by two threads at once (i % threads and (i + 1) % threads), interleaved.
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      workers.add(new Thread(() -> {
        for (int n = 0; n < eventsPerSession / 2; n++) {
          for (int i = 0; i < sessions; i++) {
            if (i % threads == me || (i + 1) % threads == me) {
              Session s = all.get(i);
              s.event("TICK").put("session", s.id()).put("thread", me).put("n", n).log();
            }
          }
        }
      }));
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    all.forEach(Session::end);
    assertThat(log.close()).isTrue();

    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, Integer> lastNByThread = new HashMap<>();
    Map<String, Integer> ticks = new HashMap<>();
    for (JsonNode e : LogFiles.events(tmp)) {
      String id = e.get("session_id").asText();
      long seq = e.get("seq").asLong();
      assertThat(seq).as("seq of %s follows %s", id, lastSeq.get(id)).isEqualTo(lastSeq.getOrDefault(id, 0L) + 1);
      lastSeq.put(id, seq);
      if (e.get("event_type").asText().equals("TICK")) {
        assertThat(e.get("data").get("session").asText()).isEqualTo(id);
        String key = id + "/" + e.get("data").get("thread").asInt();
        int n = e.get("data").get("n").asInt();
        assertThat(n).as("one thread's events stay in its order").isEqualTo(lastNByThread.getOrDefault(key, -1) + 1);
        lastNByThread.put(key, n);
        ticks.merge(id, 1, Integer::sum);
      }
    }
    assertThat(lastSeq).hasSize(sessions);
    assertThat(ticks.values()).allMatch(c -> c == eventsPerSession);
  }

  @Test
  void flushOnCloseWritesExactlyEveryEvent() {
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).overflow(OverflowPolicy.BLOCK).build();
    Session s = log.startSession("bulk");
    for (int i = 0; i < 100_000; i++) {
      s.event("TICK").put("i", i).put("text", "some words of a transcript").log();
    }
    assertThat(log.close()).isTrue();
    List<JsonNode> events = LogFiles.events(tmp);
    assertThat(events.stream().filter(e -> e.get("event_type").asText().equals("TICK"))).hasSize(100_000);
    assertThat(log.writtenEvents()).isEqualTo(100_000 + 2);
    assertThat(log.droppedEvents()).isZero();
  }
}
