package dev.voicelog.audio.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalPlacementTest {
  @Test
  void framesEndWhenTheyArriveAndJitterGapsAreClosed() {
    ArrivalPlacement p = new ArrivalPlacement(30);
    assertThat(p.end()).isEqualTo(Long.MIN_VALUE);
    assertThat(p.place(40, 20)).as("first frame ends at its arrival").isEqualTo(20);
    assertThat(p.place(65, 20)).as("5 late: the gap is closed").isEqualTo(40);
    assertThat(p.place(78, 20)).as("early: follows the previous frame").isEqualTo(60);
    assertThat(p.place(800, 20)).as("a real pause stays").isEqualTo(780);
    assertThat(p.end()).isEqualTo(800);
  }

  @Test
  void aNegativeJitterIsRefused() {
    assertThatThrownBy(() -> new ArrivalPlacement(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
