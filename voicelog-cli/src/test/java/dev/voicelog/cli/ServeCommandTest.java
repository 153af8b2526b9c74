package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.web.Dashboard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = Cli.commandLine(Main.class);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void bindingBeyondLoopbackWithoutATokenIsRefused() {
    assertThat(run("serve", "--dir", dir.toString(), "--bind", "0.0.0.0", "--port", "0")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("give a --token");
  }

  @Test
  void aShortTokenIsRefusedWithoutEchoingIt() {
    assertThat(run("serve", "--dir", dir.toString(), "--port", "0", "--token", "tiny-secret")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("at least 16 characters").doesNotContain("tiny-secret");
  }

  @Test
  void slowTurnsAreFlaggedWithSlow() throws Exception {
    Files.writeString(dir.resolve("voicelog_events.jsonl"), ReportCommandTest.line(1, "SESSION_START", 0)
        + ReportCommandTest.line(2, "USER_SPEECH_START", 0.5) + ReportCommandTest.line(3, "USER_SPEECH_END", 1.5)
        + ReportCommandTest.line(4, "TTS_START", 2.1) + ReportCommandTest.line(5, "TTS_PLAYBACK_START", 2.4)
        + ReportCommandTest.line(6, "SESSION_END", 4.0)); // voice_to_voice 0.9 s
    assertThat(ReportCommandTest.firstAnomalyKinds(rowOf("--slow", "1s"))).doesNotContain("slow_turn").isNotEmpty();
    assertThat(ReportCommandTest.firstAnomalyKinds(rowOf("--slow", "800ms"))).contains("slow_turn");
  }

  /** The row of the one conversation in {@code dir}, from a dashboard started as {@code serve} would with {@code options}. */
  private String rowOf(String... options) throws Exception {
    ServeCommand serve = new ServeCommand();
    List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--port", "0"));
    args.addAll(List.of(options));
    Cli.commandLine(serve).parseArgs(args.toArray(String[]::new));
    try (Dashboard d = serve.start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(d.url().resolve("api/conversations")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":\"c1\"");
      return r.body();
    }
  }

  @Test
  void recordingsGivesTheDirectoryOfAProxysRecordAndMustBeOne() throws Exception {
    Path rec = Files.createDirectories(dir.resolve("rec"));
    Files.write(rec.resolve("c1.wav"), new byte[44]);
    String saved = "{\"timestamp\":\"2026-11-21T10:00:03.000000Z\",\"event_type\":\"RECORDING_SAVED\",\"session_id\":\"c1\","
        + "\"seq\":6,\"t\":3.0,\"data\":{\"path\":\"/elsewhere/rec/c1.wav\",\"start_t\":0.0}}\n";
    Files.writeString(dir.resolve("voicelog_events.jsonl"), ReportCommandTest.line(1, "SESSION_START", 0)
        + ReportCommandTest.line(2, "USER_SPEECH_START", 0.5) + saved + ReportCommandTest.line(7, "SESSION_END", 4.0));
    ServeCommand serve = new ServeCommand();
    Cli.commandLine(serve).parseArgs("--dir", dir.toString(), "--port", "0", "--recordings", rec.toString());
    try (Dashboard d = serve.start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(d.url().resolve("api/conversation?id=c1")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("\"url\":\"api/recordings/c1.wav\"");
    }
    assertThat(run("serve", "--dir", dir.toString(), "--port", "0", "--recordings", dir.resolve("nope").toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: --recordings " + dir.resolve("nope") + ": no such directory");
  }

  @Test
  void aMissingDirectoryIsAOneLineError() {
    assertThat(run("serve", "--dir", dir.resolve("nope").toString(), "--port", "0")).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + dir.resolve("nope") + ": no such directory");
  }
}
