package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Metric;
import dev.voicelog.read.LogReader;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus (Debian's package) scrapes the dashboard's /metrics, and its histogram can be queried. */
class PrometheusScrapeTest {
  static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("VOICELOG_PROMETHEUS", "/usr/bin/prometheus"));

  @TempDir Path dir;
  @TempDir Path data;

  @Test
  void prometheusScrapesTheTurnLatencyHistogramAndAnswersQuantiles() throws Exception {
    assertThat(PROMETHEUS).as("apt-get install prometheus (listed in .ci/apt-packages)").isExecutable();
    Demo.write(dir, 30);
    Analysis.Result expected = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
    Aggregates.Builder agg = Aggregates.builder(null);
    expected.conversations().forEach(agg::add);
    Aggregates.Stat v2v = agg.build().all().metrics().get(Metric.VOICE_TO_VOICE);

    try (Dashboard dashboard = Dashboard.builder(dir).port(0).start()) {
      assertThat(dashboard.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      int port = freePort();
      Path config = data.resolve("prometheus.yml");
      Files.writeString(config, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  evaluation_interval: 1s",
          "scrape_configs:",
          "  - job_name: voicelog",
          "    metrics_path: /metrics",
          "    static_configs:",
          "      - targets: ['127.0.0.1:" + dashboard.port() + "']",
          ""));
      Path log = Browser.repositoryRoot().resolve("voicelog-web/target/prometheus.log");
      Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + data.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        String base = "http://127.0.0.1:" + port + "/api/v1/query?query=";
        JsonNode count = poll(base + enc("voicelog_turn_latency_seconds_count{metric=\"voice_to_voice\"}"));
        assertThat(count.path(0).path("value").path(1).asDouble()).as("every turn with a voice_to_voice, once")
            .isEqualTo((double) v2v.count());

        JsonNode q = poll(base + enc("histogram_quantile(0.5, sum by (le) (voicelog_turn_latency_seconds_bucket{metric=\"voice_to_voice\"}))"));
        double estimate = q.path(0).path("value").path(1).asDouble();
        double[] bucket = bucketAround(estimate);
        assertThat(v2v.p50() / 1e6).as("the exact p50 lies in the bucket Prometheus interpolated in (%s)", estimate)
            .isBetween(bucket[0], bucket[1]);

        JsonNode lines = poll(base + enc("voicelog_lines_skipped_total{kind=\"malformed\"}"));
        assertThat(lines.path(0).path("value").path(1).asDouble()).isEqualTo(2.0);
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  /** The histogram bucket (lower, upper bound in seconds) that holds {@code seconds}. */
  private static double[] bucketAround(double seconds) {
    double lower = 0;
    for (Duration b : DashboardMetrics.LATENCY_BUCKETS) {
      double upper = b.toNanos() / 1e9;
      if (seconds <= upper) {
        return new double[] {lower, upper};
      }
      lower = upper;
    }
    return new double[] {lower, Double.MAX_VALUE};
  }

  /** Asks Prometheus until the query has a result (it needs to start and scrape once). */
  private static JsonNode poll(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        last = r.body();
        JsonNode result = new ObjectMapper().readTree(r.body()).path("data").path("result");
        if (r.statusCode() == 200 && result.size() > 0 && !result.path(0).path("value").path(1).asText().equals("NaN")) {
          return result;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(200); // polling an external process with a deadline
    }
    throw new AssertionError("Prometheus gave no result for " + url + " within 60 s; last answer: " + last);
  }

  private static String enc(String q) {
    return URLEncoder.encode(q, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
