package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogTail;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code voicelog tail -f}, one poll at a time, on real files growing and rotating. */
class TailPrinterTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private LogTail tail;

  /** What {@code tail} does: follows {@code dir} from its newest file. */
  private TailPrinter printer(int initialLines) throws IOException {
    return printer(initialLines, Format.text);
  }

  private TailPrinter printer(int initialLines, Format format) throws IOException {
    tail = LogTail.builder(dir).startAtNewestFile(true).build();
    return new TailPrinter(tail, new PrintWriter(out, true), new PrintWriter(err, true), format, Style.PLAIN,
        initialLines, AnalysisOptions.defaults());
  }

  private static String line(long seq, double t, String type) {
    return String.format(Locale.ROOT, "{\"timestamp\":\"2026-11-21T15:30:%02d.%06dZ\",\"event_type\":\"%s\",\"session_id\":\"call\","
        + "\"seq\":%d,\"t\":%.6f,\"data\":{}}%n", (int) t, (int) Math.round((t % 1) * 1e6), type, seq, t);
  }

  private void append(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private String taken() {
    String s = out.toString();
    out.getBuffer().setLength(0);
    return s;
  }

  @Test
  void printsNewLinesAndEachTurnAsItCompletesThroughRotation() throws IOException {
    append("voicelog_events_2026-11-20.jsonl", line(1, 0, "SESSION_START"));
    append("voicelog_events_2026-11-21.jsonl", line(2, 1, "USER_SPEECH_START") + line(3, 2, "USER_SPEECH_END"));
    TailPrinter f = printer(10);
    f.poll();
    assertThat(taken()).as("the newest file only").contains("USER_SPEECH_START", "USER_SPEECH_END")
        .doesNotContain("SESSION_START");
    f.poll();
    assertThat(taken()).as("nothing new").isEmpty();

    // a line being written waits for its newline
    String tts = line(4, 2.5, "TTS_START");
    append("voicelog_events_2026-11-21.jsonl", tts.substring(0, 30));
    f.poll();
    assertThat(taken()).isEmpty();
    append("voicelog_events_2026-11-21.jsonl", tts.substring(30) + line(5, 2.8, "TTS_FIRST_AUDIO")
        + line(6, 2.9, "TTS_PLAYBACK_START") + line(7, 4.0, "TTS_PLAYBACK_END"));
    f.poll();
    assertThat(taken()).contains("TTS_START", "TTS_PLAYBACK_END").doesNotContain("turn 1:");

    // rotation: the logger moves on to a new file; the session continues in it
    append("voicelog_events_2026-11-22.jsonl", line(8, 6.0, "USER_SPEECH_START") + line(9, 7.0, "SESSION_END"));
    f.poll();
    assertThat(tail.files()).last().isEqualTo(dir.resolve("voicelog_events_2026-11-22.jsonl"));
    String after = taken();
    assertThat(after).contains("USER_SPEECH_START", "SESSION_END");
    assertThat(after).contains("== call  turn 1:  voice_to_voice 0.900s  response_time 0.500s  ttfa 0.300s");
    assertThat(after).contains("== call  turn 2:  no latency metrics");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theFirstPollShowsOnlyTheLastLinesOfWhatIsAlreadyThere() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      sb.append(line(i, i, "AUDIO_STATS"));
    }
    append("voicelog_events.jsonl", sb.toString() + "garbage\n");
    TailPrinter f = printer(5);
    f.poll();
    assertThat(taken().lines()).hasSize(5).last().asString().contains("+30.000s");
    assertThat(err.toString()).contains("voicelog_events.jsonl:31: not a JSON object");
  }

  @Test
  void asJsonEachLineIsAnObjectAndATurnIsInTheSchemaOfTheSummary() throws IOException {
    append("voicelog_events.jsonl", line(1, 0, "SESSION_START") + line(2, 1, "USER_SPEECH_START")
        + line(3, 2, "USER_SPEECH_END") + line(4, 2.5, "TTS_START") + line(5, 2.8, "TTS_FIRST_AUDIO")
        + line(6, 2.9, "TTS_PLAYBACK_START") + line(7, 4.0, "SESSION_END"));
    TailPrinter f = printer(100, Format.json);
    f.poll();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : taken().lines().toList()) {
      lines.add(new ObjectMapper().readTree(l));
    }
    assertThat(lines).filteredOn(n -> n.path("kind").asText().equals("event")).hasSize(7)
        .first().satisfies(n -> assertThat(n.path("event").path("event_type").asText()).isEqualTo("SESSION_START"));
    JsonNode turn = lines.stream().filter(n -> n.path("kind").asText().equals("turn")).findFirst().orElseThrow();
    assertThat(turn.path("session").asText()).isEqualTo("call");
    assertThat(turn.path("turn").path("number").asInt()).isEqualTo(1);
    assertThat(turn.path("turn").path("start").decimalValue()).isEqualByComparingTo("1.000000");
    assertThat(turn.path("turn").path("metrics").path("voice_to_voice").decimalValue()).isEqualByComparingTo("0.900000");
    assertThat(turn.path("turn").path("milestones").path("TTS_START").path("seq").asInt()).isEqualTo(4);
    assertThat(turn.path("turn").path("user").path("no_speech").isBoolean()).isTrue();
    assertThat(err.toString()).isEmpty();
  }
}
