package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static String line(long seq, String type, double t) {
    return "{\"timestamp\":\"2026-11-21T10:00:0" + seq % 10 + ".000000Z\",\"event_type\":\"" + type
        + "\",\"session_id\":\"c1\",\"seq\":" + seq + ",\"t\":" + t + ",\"data\":{\"transcript\":\"hi\"}}\n";
  }

  int run(String... args) {
    CommandLine cl = Cli.commandLine(Main.class);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  Path log() throws IOException {
    return Files.writeString(dir.resolve("voicelog_events.jsonl"), line(1, "SESSION_START", 0) + line(2, "USER_SPEECH_START", 0.5)
        + line(3, "USER_SPEECH_END", 1.5) + line(4, "STT_COMPLETE", 1.8) + line(5, "TTS_START", 2.1)
        + line(6, "TTS_PLAYBACK_START", 2.4) + "not json\n" + line(7, "SESSION_END", 4.0));
  }

  @Test
  void writesTheReportAndSaysWhatItHolds() throws IOException {
    log();
    Path html = dir.resolve("out/report.html");
    assertThat(run("report", dir.toString(), "-o", html.toString())).isEqualTo(Cli.OK);
    assertThat(out.toString()).contains("1 conversations, 1 turns from 1 file; 1 problems with the input");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy")
        .contains("\"id\":\"c1\"");
  }

  @Test
  void aMissingInputIsAOneLineErrorWithExitCode2() {
    assertThat(run("report", dir.resolve("nope").toString(), "-o", dir.resolve("r.html").toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + dir.resolve("nope") + ": no such file or directory");
  }

  @Test
  void theReportNeverOverwritesALogItReads() throws IOException {
    Path log = log();
    String before = Files.readString(log);
    assertThat(run("report", log.toString(), "-o", log.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("one of the logs");
    assertThat(Files.readString(log)).isEqualTo(before);
  }

  @Test
  void transcriptsCanBeLeftOut() throws IOException {
    log();
    Path html = dir.resolve("r.html");
    assertThat(run("report", dir.toString(), "-o", html.toString(), "--no-transcripts")).isEqualTo(Cli.OK);
    String details = details(Files.readString(html));
    assertThat(details).contains("\"user\":{\"text\":{\"redacted\":true,\"length\":2},\"no_speech\":false}")
        .doesNotContain("\"hi\"");
  }

  @Test
  void aSkippedLineKeepsItsWordsOutOfAReportWithoutTranscripts() throws IOException {
    log();
    Files.writeString(dir.resolve("voicelog_events.jsonl"),
        "{\"event_type\":\"STT_COMPLETE\",\"data\":{\"transcript\":\"my card is 4242\"\n", java.nio.file.StandardOpenOption.APPEND);
    Path shown = dir.resolve("shown.html");
    Path hidden = dir.resolve("hidden.html");
    assertThat(run("report", dir.toString(), "-o", shown.toString())).isEqualTo(Cli.OK);
    assertThat(run("report", dir.toString(), "-o", hidden.toString(), "--no-transcripts")).isEqualTo(Cli.OK);
    assertThat(Files.readString(shown)).as("the skipped line is shown with its text").contains("my card is 4242");
    String html = Files.readString(hidden);
    assertThat(html + details(html)).doesNotContain("4242").contains("\"count\":2");
  }

  @Test
  void slowTurnsAreFlaggedWithSlow() throws IOException {
    log(); // voice_to_voice 0.9 s
    Path fast = dir.resolve("fast.html");
    Path slow = dir.resolve("slow.html");
    assertThat(run("report", dir.resolve("voicelog_events.jsonl").toString(), "-o", fast.toString(), "--slow", "1s"))
        .isEqualTo(Cli.OK);
    assertThat(run("report", dir.resolve("voicelog_events.jsonl").toString(), "-o", slow.toString(), "--slow", "800ms"))
        .isEqualTo(Cli.OK);
    assertThat(anomalyKinds(Files.readString(fast))).doesNotContain("slow_turn").isNotEmpty();
    assertThat(anomalyKinds(Files.readString(slow))).contains("slow_turn");
    assertThat(details(Files.readString(slow))).contains("\"kind\":\"slow_turn\",\"turn\":1,\"metric\":\"voice_to_voice\"");
  }

  /** The anomaly kinds of the report's one conversation, from its list data (the voicelog-data block). */
  static List<String> anomalyKinds(String html) throws IOException {
    String block = html.substring(html.indexOf("id=\"voicelog-data\""));
    return firstAnomalyKinds(block.substring(block.indexOf('>') + 1, block.indexOf("</script>")));
  }

  /** The {@code anomaly_kinds} of the first row of a list of conversations (the report's, or the dashboard's). */
  static List<String> firstAnomalyKinds(String list) throws IOException {
    List<String> kinds = new ArrayList<>();
    new ObjectMapper().readTree(list).path("conversations").get(0).path("anomaly_kinds").forEach(k -> kinds.add(k.asText()));
    return kinds;
  }

  @Test
  void aBadSlowDurationIsAUsageError() {
    assertThat(run("report", dir.toString(), "-o", dir.resolve("r.html").toString(), "--slow", "soon"))
        .isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  /** The report's conversation details: base64 of gzip in the voicelog-details block. */
  static String details(String html) throws IOException {
    String block = html.substring(html.indexOf("id=\"voicelog-details\""));
    block = block.substring(block.indexOf('>') + 1, block.indexOf("</script>"));
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(block)))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
