package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live dashboard in headless Chromium, while a real logger keeps writing into its directory. */
class DashboardPageTest {
  /** The promise: a conversation is on the page within 2 s of its first line. */
  static final Duration LIVE = Duration.ofSeconds(2);

  @TempDir static Path dir;
  static Dashboard dashboard;
  static Browser browser;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    Demo.write(dir, 12);
    dashboard = Dashboard.builder(dir).port(0).start();
    assertThat(dashboard.awaitLoaded(Duration.ofSeconds(30))).isTrue();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  private static String url(String hash) {
    return dashboard.url() + hash;
  }

  private static String rowCell(String id, int column) {
    return browser.eval("(() => { const r = document.querySelector(\".row[data-id='" + id + "']\");"
        + " return r ? r.children[" + column + "].textContent : null; })()").asText(null);
  }

  @Test
  void theListRendersAndAConversationShowsItsWaterfall() {
    browser.open(url(""));
    browser.waitFor("[data-list-rendered]");
    browser.waitFor(".status.live");
    assertThat(browser.eval("document.body.getAttribute('data-list-rendered')").asInt())
        .as("the demo's conversations, and those other tests log meanwhile").isGreaterThanOrEqualTo(15);
    browser.screenshot("dashboard-list");
    browser.fill(".toolbar input[type=search]", "lisbon");
    // the filter applies after a short pause in typing and redraws the rows: click the redrawn row, not one
    // that may be replaced between the button's press and release
    browser.waitUntil("document.querySelector('.shown').textContent.indexOf(' of ') > 0", Duration.ofSeconds(3));
    browser.click(".row[data-id='" + Demo.MAIN + "']");
    browser.waitFor("ol.wf");
    assertThat(browser.count("ol.wf li")).isGreaterThan(3);
    assertThat(browser.count(".turn-detail canvas")).isEqualTo(1);
    assertThat(browser.eval("document.querySelector('audio').src").asText()).endsWith("api/recordings/" + Demo.RECORDING);
    browser.screenshot("dashboard-conversation");
    Browser.Seen seen = browser.seen();
    assertThat(seen.csp()).as("the served policy lets the page run").isEmpty();
    assertThat(seen.errors()).isEmpty();
  }

  @Test
  void aNewConversationAppearsWithinTwoSecondsOfItsFirstLineAndUpdatesAsItsTurnsComplete() {
    browser.open(url(""));
    browser.waitFor(".status.live");
    try (Calls later = new Calls(dir, ManualClock.at("2026-11-21T11:00:00Z"), Rotation.NONE)) {
      Session s = later.start("live-call-1", Map.of("provider", "openai"));
      later.flush();
      browser.waitFor(".row[data-id='live-call-1']", LIVE);
      assertThat(rowCell("live-call-1", 3)).isEqualTo("0");

      later.turn(s, Calls.turn());
      later.turn(s, Calls.turn().says("And on Sunday?", "Closed on Sundays."));
      later.flush();
      browser.waitUntil("(() => { const r = document.querySelector(\".row[data-id='live-call-1']\");"
          + " return r && r.children[3].textContent === '2'; })()", LIVE);

      browser.open(url("#/c/live-call-1"));
      browser.waitFor("table.turns tbody tr[data-turn='2']");
      later.turn(s, Calls.turn().says("Thank you.", "You're welcome."));
      later.flush();
      browser.waitFor("table.turns tbody tr[data-turn='3']", LIVE);
      later.end(s);
      later.flush();
      browser.waitFor(".head .pill.ended", LIVE);
      browser.screenshot("dashboard-live-conversation");
    }
  }

  @Test
  void aConversationGoesOnThroughTheRotationToTheNextDaysFile() {
    browser.open(url(""));
    browser.waitFor(".status.live");
    try (Calls night = new Calls(dir, ManualClock.at("2026-11-21T23:59:40Z"), Rotation.DAILY)) {
      Session s = night.start("midnight-call", Map.of());
      night.turn(s, Calls.turn());
      night.flush();
      browser.waitFor(".row[data-id='midnight-call']", LIVE);
      night.idle(20_000);
      night.turn(s, Calls.turn().says("Is it tomorrow already?", "It is."));
      night.turn(s, Calls.turn().says("Good night.", "Good night!"));
      night.flush();
      assertThat(dir.resolve("voicelog_events_2026-11-22.jsonl")).exists();
      browser.waitUntil("(() => { const r = document.querySelector(\".row[data-id='midnight-call']\");"
          + " return r && r.children[3].textContent === '3'; })()", LIVE);
    }
  }

  @Test
  void anXssProbeInALiveTranscriptRendersAsTextAndDoesNotFire() {
    browser.open(url("#/c/" + Demo.XSS));
    browser.waitFor(".bubble.user");
    assertThat(browser.text(".bubble.user .words")).isEqualTo(Demo.XSS_USER);
    assertThat(browser.count("main img")).isZero();
    Browser.Seen seen = browser.seen();
    assertThat(seen.dialogs()).isEmpty();
    assertThat(seen.errors()).isEmpty();
  }

  @Test
  void skippedLinesAreListedNotABlankPage() throws IOException {
    Files.writeString(dir.resolve("garbage.jsonl"), "<html>not a log</html>\n{\"no\": \"event\"}\n");
    browser.open(url("#/problems"));
    browser.waitUntil("document.querySelectorAll('section.problems tbody tr').length >= 4", LIVE);
    assertThat(browser.eval("[...document.querySelectorAll('section.problems td.file')].map(t => t.textContent)").toString())
        .contains("garbage.jsonl").contains("voicelog_events.jsonl");
    browser.screenshot("dashboard-problems");
  }
}
