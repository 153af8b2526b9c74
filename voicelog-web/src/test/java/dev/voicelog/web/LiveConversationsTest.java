package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.WallClock;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveConversationsTest {
  private final DashboardMetrics metrics = new DashboardMetrics(() -> 0, () -> 0, () -> 0);
  static final long T0 = 1_795_000_000_000_000L;
  /** The dashboard's wall clock: at the events' time unless a test moves it. */
  private long nowMicros = T0;
  private final WallClock wall = () -> nowMicros;
  private final LiveConversations live = new LiveConversations(AnalysisOptions.defaults(), true, metrics, wall);
  private long seq;

  private void event(String session, String type, long ms) {
    live.accept(LogEvent.of(session, type, ++seq, ms * 1000, T0 + ms * 1000, 0, Map.of()));
  }

  private void turn(String s, long at) {
    event(s, "USER_SPEECH_START", at);
    event(s, "USER_SPEECH_END", at + 1000);
    event(s, "STT_START", at + 1010);
    event(s, "STT_COMPLETE", at + 1200);
    event(s, "TTS_START", at + 1700);
    event(s, "TTS_FIRST_AUDIO", at + 1900);
    event(s, "TTS_PLAYBACK_START", at + 1950);
    event(s, "TTS_PLAYBACK_END", at + 3000);
  }

  @Test
  void aConversationExistsFromItsFirstLineAndGrowsAsLinesArrive() {
    assertThat(live.rebuild().isEmpty()).isTrue();
    event("a", "SESSION_START", 0);
    LiveConversations.Changes first = live.rebuild();
    assertThat(first.changed).singleElement().satisfies(e -> assertThat(e.conversation.turns()).isEmpty());
    assertThat(live.rebuild().isEmpty()).as("nothing new, nothing rebuilt").isTrue();

    turn("a", 500);
    turn("a", 4000);
    live.rebuild();
    assertThat(live.get("a").conversation.turns()).hasSize(2);
    assertThat(live.get("a").conversation.ended()).isFalse();
    assertThat(live.get("a").summaryJson).contains("\"turns\":2");
  }

  @Test
  void aTurnIsCountedInMetricsOnceItIsSettled() {
    event("a", "SESSION_START", 0);
    turn("a", 500);
    live.rebuild();
    assertThat(metrics.scrape()).contains("voicelog_turns_total 0.0");
    turn("a", 4000);
    live.rebuild();
    assertThat(metrics.scrape()).as("the first turn is settled by the second").contains("voicelog_turns_total 1.0");
    live.rebuild();
    event("a", "SESSION_END", 8000);
    live.rebuild();
    live.rebuild();
    assertThat(metrics.scrape()).as("the end settles the last; nothing twice").contains("voicelog_turns_total 2.0")
        .contains("voicelog_turn_latency_seconds_count{metric=\"voice_to_voice\"} 2");
  }

  /**
   * A barge-in: the caller starts the next turn while the agent still plays, and the agent's playback ends
   * a moment later (it stops when it hears the caller). That end belongs to the first turn, and /metrics
   * counts the first turn as the analysis of the whole log does: with its playback, and no anomaly.
   */
  @Test
  void aTurnInterruptedByTheNextIsCountedWithThePlaybackThatEndsAfterTheNextBegins() {
    event("a", "SESSION_START", 0);
    event("a", "USER_SPEECH_START", 500);
    event("a", "USER_SPEECH_END", 1500);
    event("a", "STT_START", 1510);
    event("a", "STT_COMPLETE", 1700);
    event("a", "TTS_START", 2200);
    event("a", "TTS_FIRST_AUDIO", 2400);
    event("a", "TTS_PLAYBACK_START", 2450);
    event("a", "USER_SPEECH_START", 3000); // the caller talks over the agent
    live.rebuild();
    event("a", "TTS_PLAYBACK_END", 3200); // the agent stops 200 ms later
    event("a", "USER_SPEECH_END", 4000);
    live.rebuild();
    event("a", "SESSION_END", 5000);
    live.rebuild();
    var whole = live.get("a").conversation;
    assertThat(whole.turns().get(0).metrics()).containsKey(dev.voicelog.analysis.Metric.PLAYBACK_DURATION);
    assertThat(metrics.scrape()).as("counted as the whole log's analysis counts it")
        .contains("voicelog_turn_latency_seconds_count{metric=\"playback_duration\"} 1")
        .doesNotContain("kind=\"missing_end\"} 1");
  }

  /**
   * A session that never logs its end (its agent crashed): its last turn is counted once it has been quiet
   * for the stitch gap, as {@code voicelog summary} counts it at the end of the file; not before.
   */
  @Test
  void theLastTurnOfASessionThatNeverEndsIsCountedOnceItHasBeenQuiet() {
    event("a", "SESSION_START", 0);
    turn("a", 500);
    nowMicros = T0 + 3_500_000 + AnalysisOptions.defaults().stitchGapMicros(); // the gap after its last line
    live.rebuild();
    assertThat(metrics.scrape()).as("quiet for exactly the gap: not yet").contains("voicelog_turns_total 0.0");
    nowMicros += 1;
    live.rebuild();
    assertThat(metrics.scrape()).contains("voicelog_turns_total 1.0");
    turn("a", 400_000_000); // it was only on hold: what comes later is counted too, nothing twice
    event("a", "SESSION_END", 410_000_000);
    live.rebuild();
    assertThat(metrics.scrape()).contains("voicelog_turns_total 2.0");
  }

  @Test
  void eventsLostFromASessionAreCountedOnce() {
    event("a", "SESSION_START", 0);
    seq += 3; // three events never written
    event("a", "USER_SPEECH_START", 100);
    live.rebuild();
    event("a", "SESSION_END", 200);
    live.rebuild();
    assertThat(live.get("a").conversation.lostEvents()).isEqualTo(3);
    assertThat(metrics.scrape()).contains("voicelog_events_lost_total 3.0");
  }
}
