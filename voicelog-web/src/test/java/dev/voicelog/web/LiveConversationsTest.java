package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.WallClock;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveConversationsTest {
  private final DashboardMetrics metrics = new DashboardMetrics(() -> 0, () -> 0, () -> 0);
  private final LiveConversations live = new LiveConversations(AnalysisOptions.defaults(), true, metrics,
      WallClock.SYSTEM);
  private long seq;

  private void event(String session, String type, long ms) {
    live.accept(LogEvent.of(session, type, ++seq, ms * 1000, 1_795_000_000_000_000L + ms * 1000, 0, Map.of()));
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
