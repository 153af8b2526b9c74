package dev.voicelog.tap.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamStateTest {
  static final long MS = 1_000_000L;
  static final long FRAME = 20 * MS;

  @Test
  void theStreamClockStartsAtTheLeastDelayedFrameOfItsFirstSecond() {
    StreamState s = new StreamState(null);
    // the first frame waited 30 ms in the network, the second did not: the stream started at 1000 ms
    assertThat(s.place(0, FRAME, 1_050 * MS)).isEqualTo(1_030 * MS);
    assertThat(s.place(20, FRAME, 1_040 * MS)).isEqualTo(1_020 * MS);
    assertThat(s.place(40, FRAME, 1_075 * MS)).as("a late frame is placed by its timestamp").isEqualTo(1_040 * MS);
    assertThat(s.place(0, FRAME, 1_050 * MS)).isEqualTo(1_000 * MS);
  }

  @Test
  void afterItsFirstSecondTheStreamClockIsFixedSoAReplayAtAnySpeedMeasuresTheSame() {
    StreamState realTime = new StreamState(null);
    StreamState fourTimes = new StreamState(null);
    for (long ts = 0; ts < 5_000; ts += 20) {
      long a = realTime.place(ts, FRAME, (ts + 20) * MS);
      long b = fourTimes.place(ts, FRAME, (ts + 20) * MS / 4); // the same stream sent four times as fast
      if (ts == 1_500) {
        assertThat(a).isEqualTo(1_500 * MS);
      }
      if (ts == 2_000) {
        assertThat(a).isEqualTo(2_000 * MS);
      }
    }
    long startA = realTime.place(1_500, FRAME, 0);
    long endA = realTime.place(3_700, FRAME, 0);
    long startB = fourTimes.place(1_500, FRAME, 0);
    long endB = fourTimes.place(3_700, FRAME, 0);
    assertThat(endB - startB).as("2.2 s of caller speech, at either speed").isEqualTo(endA - startA).isEqualTo(2_200 * MS);
  }
}
