package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.Session;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.read.Durations;
import dev.voicelog.read.LogReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over real HTTP on 127.0.0.1: its API, its headers, its token and its file serving. */
class DashboardHttpTest {
  static final String TOKEN = "s3cret-token-for-the-test-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Dashboard open;
  static Dashboard guarded;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    Demo.write(dir, 5);
    Files.write(dir.resolve("secret.wav"), new byte[64]); // in the directory, but named by no RECORDING_SAVED
    open = Dashboard.builder(dir).port(0).start();
    guarded = Dashboard.builder(dir).port(0).token(TOKEN).start();
    assertThat(open.awaitLoaded(Duration.ofSeconds(30))).isTrue();
    assertThat(guarded.awaitLoaded(Duration.ofSeconds(30))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (open != null) {
      open.close();
    }
    if (guarded != null) {
      guarded.close();
    }
  }

  static HttpResponse<byte[]> get(Dashboard d, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.url() + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(Dashboard d, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(d, path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  @Test
  void theApiListsEveryConversationAndDetailsOne() throws IOException, InterruptedException {
    Analysis.Result expected = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
    JsonNode list = json(open, "api/conversations").path("conversations");
    assertThat(list).hasSize(expected.conversations().size());
    JsonNode main = json(open, "api/conversation?id=" + Demo.MAIN);
    assertThat(main.path("id").asText()).isEqualTo(Demo.MAIN);
    assertThat(main.path("summary").path("id").asText()).isEqualTo(Demo.MAIN);
    dev.voicelog.analysis.Conversation c = expected.conversations().stream().filter(x -> x.id().equals(Demo.MAIN))
        .findFirst().orElseThrow();
    assertThat(main.path("turns")).hasSize(c.turns().size());
    JsonNode turn2 = main.path("turns").get(1);
    assertThat(turn2.path("metrics").path("voice_to_voice").asDouble())
        .isEqualTo(Durations.toSeconds(c.turns().get(1).metric(Metric.VOICE_TO_VOICE).getAsLong()));
    assertThat(turn2.path("waterfall")).hasSize(c.turns().get(1).waterfall().size());
    assertThat(get(open, "api/conversation?id=nobody").statusCode()).isEqualTo(404);
  }

  @Test
  void theDistributionsAreTheAnalysisPercentiles() throws IOException, InterruptedException {
    Analysis.Result expected = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
    Aggregates.Builder b = Aggregates.builder(null);
    expected.conversations().forEach(b::add);
    Aggregates.Stat v2v = b.build().all().metrics().get(Metric.VOICE_TO_VOICE);
    JsonNode d = json(open, "api/distributions");
    JsonNode m = d.path("metrics").path("voice_to_voice");
    assertThat(m.isObject()).as("the statistics as `voicelog stats` writes them, by metric").isTrue();
    assertThat(m.path("count").asLong()).isEqualTo(v2v.count());
    assertThat(m.path("p95").asDouble()).isEqualTo(Durations.toSeconds(Math.round(v2v.p95())));
    JsonNode histogram = d.path("histograms").path("voice_to_voice");
    long binned = 0;
    for (JsonNode n : histogram.path("counts")) {
      binned += n.asLong();
    }
    assertThat(binned + histogram.path("above").asLong()).isEqualTo(v2v.count());
  }

  @Test
  void skippedLinesAreInTheApiWithTheirLineNumbers() throws IOException, InterruptedException {
    JsonNode p = json(open, "api/problems");
    assertThat(p.path("kinds").path("malformed").asLong()).isEqualTo(2);
    long[] lines = Demo.badLineNumbers(dir);
    assertThat(p.path("items").findValuesAsText("line")).contains(String.valueOf(lines[0]), String.valueOf(lines[1]));
    assertThat(p.path("items").findValuesAsText("text")).contains(Demo.BAD_LINES);
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicy() throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(open, "");
    assertThat(r.statusCode()).isEqualTo(200);
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("<script>").contains("src=\"assets/app.js\"");
  }

  @Test
  void aRecordingIsServedByItsNameWithRanges() throws IOException, InterruptedException {
    HttpResponse<byte[]> whole = get(open, "api/recordings/" + Demo.RECORDING);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(whole.body()).isEqualTo(Files.readAllBytes(dir.resolve(Demo.RECORDING)));
    HttpResponse<byte[]> part = get(open, "api/recordings/" + Demo.RECORDING, "Range", "bytes=44-143");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(100);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 44-143/" + whole.body().length);
    assertThat(get(open, "api/recordings/" + Demo.RECORDING, "Range", "bytes=99999999-").statusCode()).isEqualTo(416);
  }

  @Test
  void aSyntacticallyInvalidRangeIsIgnoredAndTheWholeRecordingSent() throws IOException, InterruptedException {
    byte[] file = Files.readAllBytes(dir.resolve(Demo.RECORDING));
    // RFC 9110 14.1.1: a last position before the first makes the range invalid, and an invalid Range header
    // is ignored (200, the whole file); 416 is only for valid ranges the file cannot satisfy.
    HttpResponse<byte[]> backwards = get(open, "api/recordings/" + Demo.RECORDING, "Range", "bytes=500-100");
    assertThat(backwards.statusCode()).isEqualTo(200);
    assertThat(backwards.body()).isEqualTo(file);
    HttpResponse<byte[]> suffix = get(open, "api/recordings/" + Demo.RECORDING, "Range", "bytes=-100");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(file, file.length - 100, file.length));
    assertThat(get(open, "api/recordings/" + Demo.RECORDING, "Range", "bytes=-0").statusCode()).isEqualTo(416);
  }

  @Test
  void aRecordingInTheDirectoryNamedForRecordingsIsServedOnlyWhenNamed(@TempDir Path taps) throws IOException, InterruptedException {
    // what `voicelog proxy ... --out taps/log --record taps/rec` leaves
    Path logs = Files.createDirectories(taps.resolve("log"));
    Path wav = Calls.recordedCall(logs, "conv_rec", "../rec/conv_rec.wav");
    Files.write(taps.resolve("rec/other.wav"), new byte[64]); // in the directory, named by no log
    try (Dashboard d = Dashboard.builder(logs).port(0).start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      assertThat(json(d, "api/conversation?id=conv_rec").path("recording").isNull()).as("not looked for elsewhere").isTrue();
      assertThat(get(d, "api/recordings/conv_rec.wav").statusCode()).isEqualTo(404);
    }
    try (Dashboard d = Dashboard.builder(logs).recordings(taps.resolve("rec")).port(0).start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      JsonNode recording = json(d, "api/conversation?id=conv_rec").path("recording");
      assertThat(recording.path("url").asText()).isEqualTo("api/recordings/conv_rec.wav");
      HttpResponse<byte[]> whole = get(d, recording.path("url").asText());
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(Files.readAllBytes(wav));
      assertThat(get(d, "api/recordings/other.wav").statusCode()).as("not named by the log").isEqualTo(404);
    }
  }

  @Test
  void aRecordingInTheRecordingsSubdirectoryIsServed(@TempDir Path proxied) throws IOException, InterruptedException {
    // what `voicelog proxy ... --out DIR` leaves: the log in DIR, the WAV in DIR/recordings
    Path wav;
    try (Calls calls = new Calls(proxied)) {
      Session s = calls.start("conv_proxied", java.util.Map.of("provider", "openai"));
      calls.turn(s, Calls.turn());
      wav = calls.recording(s, "recordings/conv_proxied.wav", 0.0, 2.0);
      calls.end(s);
      Session gone = calls.start("conv_gone", java.util.Map.of("provider", "openai"));
      Files.delete(calls.recording(gone, "recordings/conv_gone.wav", 0.0, 1.0)); // named, but not there
      calls.end(gone);
      calls.flush();
    }
    Files.write(proxied.resolve("recordings/unnamed.wav"), new byte[64]); // named by no RECORDING_SAVED
    try (Dashboard d = Dashboard.builder(proxied).port(0).start()) {
      assertThat(d.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      JsonNode recording = json(d, "api/conversation?id=conv_proxied").path("recording");
      assertThat(recording.path("url").asText()).isEqualTo("api/recordings/conv_proxied.wav");
      HttpResponse<byte[]> whole = get(d, recording.path("url").asText());
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.headers().firstValue("Content-Type")).hasValue("audio/wav");
      assertThat(whole.body()).isEqualTo(Files.readAllBytes(wav));
      HttpResponse<byte[]> part = get(d, recording.path("url").asText(), "Range", "bytes=44-143");
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).hasSize(100);
      assertThat(get(d, "api/recordings/unnamed.wav").statusCode()).as("not named by the log").isEqualTo(404);
      assertThat(json(d, "api/conversation?id=conv_gone").path("recording").isNull()).as("no link to a missing file").isTrue();
      for (String attempt : List.of("recordings%2Fconv_proxied.wav", "..%2Frecordings%2Fconv_proxied.wav")) {
        assertThat(get(d, "api/recordings/" + attempt).statusCode()).as(attempt).isIn(400, 404);
      }
    }
  }

  @Test
  void noOtherFileCanBeReachedThroughTheRecordingEndpoint() throws IOException, InterruptedException {
    assertThat(get(open, "api/recordings/secret.wav").statusCode()).as("not named by the log").isEqualTo(404);
    for (String attempt : List.of("..%2Fsecret.wav", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5Csecret.wav",
        URLEncoder.encode("/etc/passwd", StandardCharsets.UTF_8), "voicelog_events.jsonl", ".." )) {
      int status = get(open, "api/recordings/" + attempt).statusCode();
      assertThat(status).as(attempt).isIn(400, 404);
    }
    String raw = rawRequest(open, "GET /api/recordings/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(raw).doesNotStartWith("HTTP/1.1 200").doesNotContain("root:");
  }

  @Test
  void aForeignHostHeaderIsRefusedWithoutAToken() throws IOException {
    String foreign = rawRequest(open, "GET /api/overview HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
    assertThat(foreign).startsWith("HTTP/1.1 403");
    String local = rawRequest(open, "GET /api/overview HTTP/1.1\r\nHost: localhost:" + open.port() + "\r\nConnection: close\r\n\r\n");
    assertThat(local).startsWith("HTTP/1.1 200");
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws IOException, InterruptedException {
    for (String path : List.of("", "assets/app.js", "api/conversations", "api/events", "metrics",
        "api/recordings/" + Demo.RECORDING)) {
      HttpResponse<byte[]> r = get(guarded, path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    }
    assertThat(get(guarded, "api/conversations", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "api/conversations", "X-Voicelog-Token", TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "metrics?token=" + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "api/conversations", "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    assertThat(get(guarded, "api/conversations?token=" + TOKEN.substring(1)).statusCode()).isEqualTo(401);
  }

  @Test
  void bindingBeyondLoopbackRequiresAToken() {
    assertThatThrownBy(() -> Dashboard.builder(dir).bind("0.0.0.0").port(0).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token");
    assertThatThrownBy(() -> Dashboard.builder(dir).port(0).token("short").start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
  }

  @Test
  void metricsAreInThePrometheusTextFormat() throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(open, "metrics");
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("# TYPE voicelog_turn_latency_seconds histogram")
        .contains("voicelog_turn_latency_seconds_bucket{metric=\"voice_to_voice\",le=\"1.0\"}")
        .contains("voicelog_lines_skipped_total{kind=\"malformed\"} 2.0")
        .contains("voicelog_events_total{type=\"TTS_START\"}");
  }

  private static String rawRequest(Dashboard d, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", d.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
