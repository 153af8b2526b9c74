package dev.voicelog.web;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long 10,000 conversations take to open, measured in Chromium: from navigation start to the list
 * rendered (the page's {@code voicelog:list-rendered} performance mark), for the dashboard and for the
 * report. Not a test (its name does not end in Test, so {@code mvn verify} skips it); run it with
 *
 * <pre>
 * mvn -B -pl voicelog-web -am verify -Dtest=DashboardOpenBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read voicelog-web/target/bench/dashboard-open.txt. Nothing is asserted about the times.
 */
class DashboardOpenBenchmark {
  static final int CONVERSATIONS = 10_000;
  static final int RUNS = 7;

  @TempDir Path dir;

  @Test
  void openTenThousandConversations() throws Exception {
    List<String> out = new ArrayList<>();
    long t0 = System.nanoTime();
    Demo.write(dir, CONVERSATIONS - 3);
    out.add(String.format("logs: %d conversations, %.1f MB, written in %.1f s", CONVERSATIONS,
        Files.size(dir.resolve("voicelog_events.jsonl")) / 1e6, (System.nanoTime() - t0) / 1e9));

    try (Browser browser = Browser.start()) {
      long l0 = System.nanoTime();
      try (Dashboard d = Dashboard.builder(dir).port(0).start()) {
        d.awaitLoaded(Duration.ofMinutes(5));
        out.add(String.format("dashboard: first read and assembly of the directory %.2f s", (System.nanoTime() - l0) / 1e9));
        System.gc();
        Runtime rt = Runtime.getRuntime();
        out.add(String.format("dashboard: heap in use after a full GC %.0f MB (the whole test JVM)",
            (rt.totalMemory() - rt.freeMemory()) / 1e6));
        HttpClient http = HttpClient.newHttpClient();
        List<Double> api = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < RUNS; i++) {
          long a = System.nanoTime();
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(d.url() + "api/conversations")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          api.add((System.nanoTime() - a) / 1e6);
          bytes = r.body().length;
        }
        out.add(String.format("dashboard: GET /api/conversations %.1f MB, %s ms", bytes / 1e6, summary(api)));
        out.add("dashboard: navigation to list rendered, " + open(browser, d.url().toString(), "dashboard-10k") + " ms");
      }
      Analysis.Result result = Analysis.conversations(List.of(dir), AnalysisOptions.defaults(), LogReader.create());
      Path report = dir.resolve("report.html");
      long r0 = System.nanoTime();
      HtmlReport.builder().build().write(result, report);
      out.add(String.format("report: written in %.2f s, %.1f MB", (System.nanoTime() - r0) / 1e9, Files.size(report) / 1e6));
      out.add("report: navigation to list rendered, " + open(browser, report.toUri().toString(), "report-10k") + " ms");
    }
    Path file = Browser.repositoryRoot().resolve("voicelog-web/target/bench/dashboard-open.txt");
    Files.createDirectories(file.getParent());
    Files.write(file, out);
    out.forEach(System.out::println);
  }

  private static String open(Browser browser, String url, String screenshot) {
    List<Double> times = new ArrayList<>();
    List<Double> loaded = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      browser.open(url);
      browser.waitUntil("document.body.getAttribute('data-list-rendered') === '" + CONVERSATIONS + "'", Duration.ofSeconds(60));
      times.add(browser.eval("performance.getEntriesByName('voicelog:list-rendered')[0].startTime").asDouble());
      loaded.add(browser.eval("performance.getEntriesByName('voicelog:rows-loaded')[0].startTime").asDouble());
    }
    browser.screenshot(screenshot);
    List<Double> detail = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      browser.open(url);
      browser.waitUntil("document.body.getAttribute('data-list-rendered') === '" + CONVERSATIONS + "'", Duration.ofSeconds(60));
      browser.eval("window.__t0 = performance.now(); location.hash = '#/c/" + Demo.MAIN + "'; 0");
      browser.waitFor("ol.wf", Duration.ofSeconds(30));
      detail.add(browser.eval("performance.now() - window.__t0").asDouble());
    }
    return summary(times) + "\n    of which the rows fetched and parsed: " + summary(loaded)
        + "\n    then a conversation opened (its waterfall drawn; polled every 25 ms): " + summary(detail);
  }

  /** "median M (min A, max B) over N runs; the first run F". */
  private static String summary(List<Double> times) {
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return String.format("median %.0f (min %.0f, max %.0f) over %d runs; the first run %.0f", sorted.get(sorted.size() / 2),
        sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(), times.get(0));
  }
}
