package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputAudioTimelineTest {
  @Test
  void aPositionMapsToTheMomentItsChunkWasForwarded() {
    InputAudioTimeline t = new InputAudioTimeline();
    t.append(20_000, 100);
    t.append(20_000, 200);
    t.append(40_000, 300);
    assertThat(t.nanosAt(0)).isEqualTo(100);
    assertThat(t.nanosAt(19.999)).isEqualTo(100);
    assertThat(t.nanosAt(20)).as("a boundary belongs to the chunk starting there").isEqualTo(200);
    assertThat(t.nanosAt(79.9)).isEqualTo(300);
    assertThat(t.positionMillis()).isEqualTo(80);
  }

  @Test
  void positionsNotYetForwardedOrTooOldAreUnknown() {
    InputAudioTimeline t = new InputAudioTimeline();
    assertThat(t.nanosAt(0)).isEqualTo(InputAudioTimeline.UNKNOWN);
    for (int i = 0; i < InputAudioTimeline.CAPACITY + 10; i++) {
      t.append(20_000, i);
    }
    assertThat(t.nanosAt(t.positionMillis())).isEqualTo(InputAudioTimeline.UNKNOWN);
    assertThat(t.nanosAt(100)).as("overwritten").isEqualTo(InputAudioTimeline.UNKNOWN);
    assertThat(t.nanosAt(20.0 * 10)).isEqualTo(10);
    assertThat(t.nanosAt(t.positionMillis() - 1)).isEqualTo(InputAudioTimeline.CAPACITY + 9);
  }
}
