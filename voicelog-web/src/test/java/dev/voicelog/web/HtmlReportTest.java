package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.EventType;
import dev.voicelog.Redaction;
import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogReader;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report, opened from disk in headless Chromium (file://, no network). */
class HtmlReportTest {
  @TempDir static Path dir;
  static Path report;
  static Analysis.Result result;
  static Browser browser;

  @BeforeAll
  static void writeReport() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Demo.write(logs, 40);
    result = Analysis.conversations(List.of(logs), AnalysisOptions.defaults(), LogReader.create());
    report = dir.resolve("out/report.html");
    HtmlReport.builder().title("Calls of 21 November")
        .clock(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC)).build().write(result, report);
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String url(String hash) {
    return report.toUri() + hash;
  }

  private static Conversation conversation(String id) {
    return result.conversations().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** Conversation ids by their worst voice_to_voice, slowest first (those without one left out). */
  private static List<String> byWorstVoiceToVoice() {
    return result.conversations().stream()
        .filter(c -> Aggregates.builder(null).add(c).build().all().metrics().containsKey(Metric.VOICE_TO_VOICE))
        .sorted(java.util.Comparator.comparingLong((Conversation c) ->
            Aggregates.builder(null).add(c).build().all().metrics().get(Metric.VOICE_TO_VOICE).max()).reversed())
        .map(Conversation::id).toList();
  }

  @Test
  void theListRendersEveryConversationWithNoNetwork() {
    browser.open(url(""));
    browser.waitFor("[data-list-rendered]");
    assertThat(browser.eval("document.body.getAttribute('data-list-rendered')").asText())
        .isEqualTo(String.valueOf(result.conversations().size()));
    assertThat(browser.text(".toolbar .shown")).isEqualTo(result.conversations().size() + " conversations");
    assertThat(browser.count(".row")).as("only the rows on screen are in the page")
        .isLessThan(result.conversations().size());
    browser.screenshot("report-list");
    assertThat(browser.seen().csp()).as("the report's own policy lets it run").isEmpty();
    assertThat(browser.seen().errors()).isEmpty();
    assertThat(browser.eval("performance.getEntriesByType('resource').map(r => r.name)"
        + ".filter(n => !n.startsWith('file:') && !n.startsWith('data:'))"))
        .as("nothing is fetched from a network").isEmpty();
  }

  @Test
  void filteringAndSortingWorkOnTheList() {
    browser.open(url(""));
    browser.waitFor("[data-list-rendered]");
    browser.fill(".toolbar input[type=search]", "broken");
    browser.waitUntil("document.querySelector('.rows').getAttribute('data-rows') === '1'", Duration.ofSeconds(3));
    assertThat(browser.eval("document.querySelector('.row').getAttribute('data-id')").asText()).isEqualTo(Demo.BROKEN);
    assertThat(browser.eval("[...document.querySelectorAll('.row .chip.bad')].map(c => c.textContent)"))
        .as("its error, marked as bad").extracting(n -> n.asText()).contains("error");
    browser.fill(".toolbar input[type=search]", "");
    browser.waitUntil("document.querySelector('.rows').getAttribute('data-rows') !== '1'", Duration.ofSeconds(3));
    browser.click(".thead button[data-sort='v2vmax']");
    assertThat(browser.eval("document.querySelector('.row').getAttribute('data-id')").asText())
        .as("slowest first").isEqualTo(byWorstVoiceToVoice().get(0));
    browser.click(".thead button[data-sort='v2vmax']");
    assertThat(browser.eval("document.querySelector('.row').getAttribute('data-id')").asText())
        .as("then fastest first").isEqualTo(byWorstVoiceToVoice().get(byWorstVoiceToVoice().size() - 1));
  }

  @Test
  void aRowWhoseConversationDidNotChangeKeepsItsElementWhenTheListIsRedrawn() {
    browser.open(url(""));
    browser.waitFor("[data-list-rendered]");
    browser.fill(".toolbar input[type=search]", "lisbon");
    browser.waitUntil("document.querySelector('.shown').textContent.indexOf(' of ') > 0", Duration.ofSeconds(3));
    String row = "document.querySelector(\".row[data-id='" + Demo.MAIN + "']\")";
    browser.eval(row + "._probe = 1");
    int drawn = browser.eval("Number(document.querySelector('.rows').getAttribute('data-drawn'))").asInt();
    browser.fill(".toolbar input[type=search]", "lisbo"); // the same rows, drawn again
    browser.waitUntil("Number(document.querySelector('.rows').getAttribute('data-drawn')) > " + drawn, Duration.ofSeconds(3));
    assertThat(browser.eval(row + "._probe === 1").asBoolean())
        .as("the same element, so a click across a redraw (live updates) still reaches it").isTrue();
  }

  @Test
  void clickingAConversationShowsItsTimelineAndTheWaterfallOfATurn() {
    browser.open(url(""));
    browser.waitFor("[data-list-rendered]");
    browser.fill(".toolbar input[type=search]", "lisbon");
    // the filter applies after a short pause in typing and redraws the rows: click the redrawn row, not one
    // that may be replaced between the button's press and release
    browser.waitUntil("document.querySelector('.shown').textContent.indexOf(' of ') > 0", Duration.ofSeconds(3));
    browser.click(".row[data-id='" + Demo.MAIN + "']");
    browser.waitFor("ol.wf");
    Turn first = conversation(Demo.MAIN).turns().stream().filter(t -> !t.waterfall().isEmpty()).findFirst().orElseThrow();
    assertThat(browser.eval("Number(document.querySelector('ol.wf').getAttribute('data-segments'))").asInt())
        .isEqualTo(first.waterfall().size());
    assertThat(browser.count(".turn-detail canvas")).isEqualTo(1);
    assertThat(browser.count(".timeline svg rect.band")).isEqualTo(conversation(Demo.MAIN).turns().size());
    assertThat(browser.count("table.turns tbody tr")).isEqualTo(conversation(Demo.MAIN).turns().size());
    browser.screenshot("report-conversation");
    assertThat(browser.seen().errors()).isEmpty();
    assertThat(browser.seen().csp()).isEmpty();
  }

  @Test
  void anErrorIsMarkedOnTheConversationAndOnItsTimelineWithItsMessage() {
    browser.open(url("#/c/" + Demo.BROKEN));
    browser.waitFor(".timeline svg");
    assertThat(browser.text(".anoms .chip.bad")).isEqualTo("error");
    assertThat(browser.eval("[...document.querySelectorAll('.timeline svg title')].map(t => t.textContent).join('|')")
        .asText()).contains("LLM_ERROR: upstream timeout after 2000 ms");
    assertThat(browser.seen().errors()).isEmpty();
  }

  @Test
  void clickingATurnSeeksTheRecordingToIt() {
    browser.open(url("#/c/" + Demo.MAIN));
    browser.waitFor("audio");
    Turn third = conversation(Demo.MAIN).turns().get(2);
    browser.click("table.turns tbody tr[data-turn='" + third.number() + "']");
    double expected = third.startT() / 1e6; // the recording starts at t = 0
    double at = browser.waitUntil("(() => { const a = document.querySelector('audio');"
        + " return a.readyState >= 1 && Math.abs(a.currentTime - " + expected + ") < 0.3 ? a.currentTime : false; })()",
        Duration.ofSeconds(5)).asDouble();
    assertThat(at).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.3));
    assertThat(browser.eval("document.querySelector('audio').error === null").asBoolean())
        .as("the WAV next to the log loads under the report's policy").isTrue();
    assertThat(browser.eval("document.querySelector('table.turns tr.sel').getAttribute('data-turn')").asInt())
        .isEqualTo(third.number());
  }

  @Test
  void aRecordingInTheRecordingsSubdirectoryIsLinkedAndPlays() throws IOException {
    // what `voicelog proxy ... --out DIR` leaves: the log in DIR, the WAV in DIR/recordings
    Path logs = Files.createDirectories(dir.resolve("proxied"));
    Calls.recordedCall(logs, "conv_proxied", "recordings/conv_proxied.wav");
    openReportOf(logs, "proxied", "conv_proxied");
    browser.waitFor("audio");
    assertThat(browser.eval("document.querySelector('audio').getAttribute('src')").asText())
        .isEqualTo("./../proxied/recordings/conv_proxied.wav");
    assertThat(browser.waitUntil("(() => { const a = document.querySelector('audio');"
        + " return a.error !== null ? 'error ' + a.error.code : a.readyState >= 1 ? 'loaded ' + a.duration : false; })()",
        Duration.ofSeconds(5)).asText()).as("the WAV in recordings/ loads under the report's policy").isEqualTo("loaded 2");
  }

  @Test
  void aRecordingInTheDirectoryNamedForRecordingsIsLinkedOnlyWhenNamed() throws IOException {
    // what `voicelog proxy ... --out taps/log --record taps/rec` leaves
    Path logs = Files.createDirectories(dir.resolve("taps/log"));
    Calls.recordedCall(logs, "conv_rec", "../rec/conv_rec.wav");
    openReportOf(logs, "unnamed", "conv_rec");
    browser.waitFor(".bubble.user");
    assertThat(browser.eval("document.querySelectorAll('audio').length").asInt()).as("not looked for elsewhere").isZero();

    openReportOf(HtmlReport.builder().recordings(dir.resolve("taps/rec")).build(), logs, "named", "conv_rec");
    browser.waitFor("audio");
    assertThat(browser.eval("document.querySelector('audio').getAttribute('src')").asText()).isEqualTo("./../taps/rec/conv_rec.wav");
  }

  @Test
  void anXssProbeInATranscriptRendersAsTextAndDoesNotFire() {
    browser.open(url("#/c/" + Demo.XSS));
    browser.waitFor(".bubble.user");
    assertThat(browser.text(".bubble.user .words")).isEqualTo(Demo.XSS_USER);
    assertThat(browser.text(".bubble.agent .words")).isEqualTo(Demo.XSS_AGENT);
    assertThat(browser.text(".head .chip.info")).contains(Demo.XSS_FIELD);
    assertThat(browser.count("main img")).isZero();
    assertThat(browser.count("main b")).isZero();
    browser.screenshot("report-xss");
    Browser.Seen seen = browser.seen();
    assertThat(seen.dialogs()).as("no alert() ran").isEmpty();
    assertThat(seen.errors()).isEmpty();
  }

  @Test
  void skippedLinesAreShownWithTheirFileAndLine() throws IOException {
    browser.open(url(""));
    browser.waitFor(".banner");
    assertThat(browser.text(".banner")).startsWith("2 lines or files could not be read");
    browser.open(url("#/problems"));
    browser.waitFor("section.problems");
    long[] lines = Demo.badLineNumbers(dir.resolve("logs"));
    assertThat(browser.eval("[...document.querySelectorAll('section.problems tbody tr')].map(r => r.children[1].textContent)"))
        .extracting(n -> n.asText()).containsExactly(String.valueOf(lines[0]), String.valueOf(lines[1]));
    assertThat(browser.eval("[...document.querySelectorAll('section.problems .line-text')].map(t => t.textContent)"))
        .as("the skipped lines themselves").extracting(n -> n.asText()).containsExactly(Demo.BAD_LINES);
    browser.screenshot("report-problems");
  }

  @Test
  void theDistributionsShowEveryMetricWithItsPercentiles() {
    browser.open(url("#/distributions"));
    browser.waitFor(".dist[data-metric='voice_to_voice'] canvas");
    browser.waitUntil("document.querySelectorAll('.dist canvas').length > 5", Duration.ofSeconds(5));
    Aggregates.Builder all = Aggregates.builder(null);
    result.conversations().forEach(all::add);
    assertThat(browser.count(".dist")).isEqualTo(all.build().all().metrics().size());
    assertThat(browser.text(".dist[data-metric='voice_to_voice'] .pcts")).contains("p50").contains("p95").contains("p99");
    browser.screenshot("report-distributions");
    assertThat(browser.seen().errors()).isEmpty();
  }

  @Test
  void aRedactedLogShowsItsTranscriptsAsRedacted() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("redacted"));
    ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
    VoiceLog log = VoiceLog.builder().directory(logs).rotation(Rotation.NONE)
        .redaction(Redaction.TEXT).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    try {
      Session s = log.startSession("private-call");
      s.nextTurn();
      clock.advanceMillis(1000);
      s.log(EventType.USER_SPEECH_START);
      clock.advanceMillis(1000);
      s.log(EventType.USER_SPEECH_END);
      s.event(EventType.STT_COMPLETE).put("transcript", "my card number is 4111").log();
      s.end();
    } finally {
      log.close();
    }
    Path html = openReportOf(logs, "redacted", "private-call");
    browser.waitFor(".bubble.user .redacted");
    assertThat(browser.text(".bubble.user .redacted")).as("the length of what was said, from the placeholder")
        .isEqualTo("redacted · " + "my card number is 4111".length() + " chars");
    assertThat(Files.readString(html)).doesNotContain("4111");
  }

  @Test
  void theReportRefusesToOverwriteALogItReadsFrom() {
    Path log = dir.resolve("logs/voicelog_events.jsonl");
    assertThatThrownBy(() -> HtmlReport.builder().build().write(result, log)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one of the logs");
  }

  @Test
  void theReportReplacesAnEarlierReportButNoOtherFile() throws IOException {
    Path other = dir.resolve("notes.html");
    Files.writeString(other, "<!DOCTYPE html><p>my notes</p>");
    assertThatThrownBy(() -> HtmlReport.builder().build().write(result, other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a voicelog report");
    assertThat(Files.readString(other)).isEqualTo("<!DOCTYPE html><p>my notes</p>");

    Path again = dir.resolve("again.html");
    HtmlReport.builder().title("Report of Monday").build().write(result, again);
    HtmlReport.builder().title("Report of Tuesday").build().write(result, again);
    assertThat(Files.readString(again)).contains("Report of Tuesday").doesNotContain("Report of Monday");
  }

  @Test
  void embeddedDataCannotCloseItsScriptBlock() throws IOException {
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html).doesNotContain(Demo.XSS_FIELD).contains("\\u003Cb onmouseover=alert(3)\\u003Eacme\\u003C/b\\u003E");
    String details = html.substring(html.indexOf("id=\"voicelog-details\""));
    details = details.substring(details.indexOf('>') + 1, details.indexOf("</script>"));
    assertThat(details).as("gzip in base64: nothing that HTML could read as markup").matches("[A-Za-z0-9+/=]+");
  }

  /** Writes the report of {@code logs} to {@code out/NAME.html} and opens it at {@code conversation}. */
  private Path openReportOf(Path logs, String name, String conversation) throws IOException {
    return openReportOf(HtmlReport.builder().build(), logs, name, conversation);
  }

  private Path openReportOf(HtmlReport report, Path logs, String name, String conversation) throws IOException {
    Analysis.Result r = Analysis.conversations(List.of(logs), AnalysisOptions.defaults(), LogReader.create());
    Path html = dir.resolve("out/" + name + ".html");
    report.write(r, html);
    browser.open(html.toUri() + "#/c/" + conversation);
    return html;
  }
}
