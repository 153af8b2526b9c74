package dev.voicelog.audio.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentPlayoutTest {
  final boolean[] started = new boolean[1];

  @Test
  void audioFasterThanRealTimeQueuesAndSlowerLeavesGaps() {
    AgentPlayout p = new AgentPlayout();
    assertThat(p.offer(1_000, 100, started)).isEqualTo(1_000);
    assertThat(started[0]).isTrue();
    assertThat(p.offer(1_010, 100, started)).isEqualTo(1_100); // queued behind the first
    assertThat(started[0]).isFalse();
    assertThat(p.poll(1_150)).isNull();
    assertThat(p.poll(1_200)).isEqualTo(new AgentPlayout.Finished(1_200, 200));
    assertThat(p.poll(1_300)).isNull(); // once
    assertThat(p.offer(1_500, 100, started)).isEqualTo(1_500); // after a gap: a new playback
    assertThat(started[0]).isTrue();
  }

  @Test
  void aCutDiscardsWhatHadNotPlayed() {
    AgentPlayout p = new AgentPlayout();
    p.offer(0, 1_000, started);
    p.offer(10, 1_000, started);
    Interruption i = p.cut(700);
    assertThat(i).isEqualTo(new Interruption(700, true, 0, 700, 1_300));
    assertThat(p.playing(701)).isFalse();
    assertThat(p.poll(5_000)).isNull(); // reported as the interruption, not as finished
    assertThat(p.cut(6_000).wasPlaying()).isFalse();
  }
}
