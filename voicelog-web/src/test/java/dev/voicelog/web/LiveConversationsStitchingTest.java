package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogReader;
import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VoiceMode log written while the dashboard serves it, one {@code converse()} session at a time, as the
 * seed logger writes it (its lines are the fixture's): /metrics is scraped after every step, and once the
 * log is complete its counters say what the analysis of the whole log (what {@code voicelog summary} reads)
 * says. VoiceMode sessions are stitched into conversations, so a conversation's sessions arrive in several
 * polls, and across midnight in two files.
 */
class LiveConversationsStitchingTest {
  static final String DAY1 = "voicemode_events_2025-06-23.jsonl";
  static final String DAY2 = "voicemode_events_2025-06-24.jsonl";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The fixture's lines cut after each session's last line (its TOOL_REQUEST_END, logged with no session). */
  static List<List<String>> sessions() {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : Fixtures.lines(Fixtures.VOICEMODE)) {
      current.add(line);
      if (line.contains("\"session_id\": null")) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    assertThat(current).as("the fixture ends with a session's last line").isEmpty();
    return out;
  }

  /** Lines the logger writes at once, into one day's file. */
  record Step(String file, List<String> lines) {}

  /**
   * The fixture written one session a step, midnight falling before session {@code first} of the next day's
   * file; with {@code cut}, in the middle of it. The seed logger picks its file by the date of each write, so
   * a {@code converse()} call across midnight has its first lines in one day's file and the rest in the next.
   */
  static List<Step> midnightAt(int first, boolean cut) {
    List<Step> steps = new ArrayList<>();
    List<List<String>> sessions = sessions();
    for (int i = 0; i < sessions.size(); i++) {
      List<String> s = sessions.get(i);
      if (i == first && cut) {
        steps.add(new Step(DAY1, s.subList(0, s.size() / 2)));
        steps.add(new Step(DAY2, s.subList(s.size() / 2, s.size())));
      } else {
        steps.add(new Step(i < first ? DAY1 : DAY2, s));
      }
    }
    return steps;
  }

  @Test
  void aVoiceModeLogWrittenSessionBySessionIsCountedAsTheAnalysisCountsIt() throws Exception {
    followAndCompare(midnightAt(Integer.MAX_VALUE, false));
  }

  @Test
  void aConversationRotatedAtMidnightBetweenTwoSessionsIsCountedOnce() throws Exception {
    followAndCompare(midnightAt(2, false));
  }

  @Test
  void aSessionCutByMidnightIsCountedOnce() throws Exception {
    followAndCompare(midnightAt(2, true));
  }

  @Test
  void aConversationThatBeginsBeforeMidnightAndGoesOnAfterItIsCountedOnce() throws Exception {
    // Its first session is cut by midnight: both days' files begin with it, so both hold a session of its id.
    followAndCompare(midnightAt(0, true));
  }

  /**
   * Appends each step's lines to its file at the time of its last line, polls, scrapes; then lets the stitch
   * gap pass (nothing more will be stitched on) and compares with the analysis of the log.
   */
  private void followAndCompare(List<Step> steps) throws Exception {
    List<Map<String, Double>> scrapes = new ArrayList<>();
    Map<String, Integer> listed = new TreeMap<>();
    AtomicLong now = new AtomicLong();
    try (Dashboard d = Dashboard.builder(dir).port(0).pollInterval(Duration.ofDays(1)).wallClock(now::get).start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      for (Step step : steps) {
        Files.write(dir.resolve(step.file()), step.lines(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        now.set(timestamp(step.lines().get(step.lines().size() - 1)));
        d.pollNow();
        scrapes.add(scrape(d));
      }
      now.addAndGet(AnalysisOptions.DEFAULT_STITCH_GAP.plusSeconds(1).toNanos() / 1_000);
      d.pollNow();
      scrapes.add(scrape(d));
      for (JsonNode row : DashboardHttpTest.json(d, "api/conversations").path("conversations")) {
        listed.put(row.path("id").asText(), row.path("turns").asInt());
      }
    }
    List<Conversation> analysed = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create())
        .conversations();
    Map<String, Integer> turnsById = new TreeMap<>();
    analysed.forEach(c -> turnsById.put(c.id(), c.turns().size()));
    assertThat(listed).as("the dashboard's conversations and their turns").isEqualTo(turnsById);
    Map<String, Double> expected = expected(analysed);
    for (int i = 0; i < scrapes.size(); i++) {
      for (Map.Entry<String, Double> e : expected.entrySet()) {
        if (e.getKey().startsWith("voicelog_conversations")) {
          continue; // gauges: a conversation may be open, or two, before the log is complete
        }
        assertThat(scrapes.get(i).getOrDefault(e.getKey(), 0.0)).as("%s after step %d of %d", e.getKey(), i + 1,
            scrapes.size()).isLessThanOrEqualTo(e.getValue());
      }
    }
    Map<String, Double> last = scrapes.get(scrapes.size() - 1);
    Map<String, Double> actual = new TreeMap<>();
    for (String k : expected.keySet()) {
      actual.put(k, last.getOrDefault(k, 0.0));
    }
    assertThat(actual).as("/metrics once the log is complete").isEqualTo(expected);
  }

  /** A VoiceMode line's timestamp, in microseconds since the epoch. */
  static long timestamp(String line) throws IOException {
    Instant t = OffsetDateTime.parse(JSON.readTree(line).path("timestamp").asText()).toInstant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** The counters /metrics should show for these conversations, every turn settled. */
  static Map<String, Double> expected(List<Conversation> conversations) {
    Map<String, Double> m = new TreeMap<>();
    m.put("voicelog_conversations", (double) conversations.size());
    m.put("voicelog_conversations_open", 0.0);
    m.put("voicelog_events_lost_total", 0.0);
    m.put("voicelog_turns_total", 0.0);
    for (Metric metric : Metric.values()) {
      m.put("voicelog_turn_latency_seconds_count{metric=\"" + metric.id() + "\"}", 0.0);
    }
    for (Anomaly.Kind k : Anomaly.Kind.values()) {
      m.put("voicelog_anomalies_total{kind=\"" + AnalysisJson.name(k) + "\"}", 0.0);
    }
    for (Conversation c : conversations) {
      m.merge("voicelog_events_lost_total", (double) c.lostEvents(), Double::sum);
      for (Turn t : c.turns()) {
        m.merge("voicelog_turns_total", 1.0, Double::sum);
        for (Metric metric : t.metrics().keySet()) {
          m.merge("voicelog_turn_latency_seconds_count{metric=\"" + metric.id() + "\"}", 1.0, Double::sum);
        }
        for (Anomaly a : t.anomalies()) {
          m.merge("voicelog_anomalies_total{kind=\"" + AnalysisJson.name(a.kind()) + "\"}", 1.0, Double::sum);
        }
      }
    }
    return m;
  }

  /** GET /metrics over HTTP: each sample by its name and labels. */
  static Map<String, Double> scrape(Dashboard d) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = DashboardHttpTest.get(d, "metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Double> out = new TreeMap<>();
    for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }
}
