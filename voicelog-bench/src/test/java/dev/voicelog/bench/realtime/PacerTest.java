package dev.voicelog.bench.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final long P = Pacer.PERIOD_NANOS;
  private static final long MS = 1_000_000;

  /** A clock that parking moves forward, and a record of each park. */
  private long now = 1_000 * MS;
  private final List<Long> parks = new ArrayList<>();

  private Pacer pacer(long phase) {
    return new Pacer(() -> now, wait -> {
      parks.add(wait);
      now += wait;
    }, phase);
  }

  @Test
  void sendsOnePeriodApartAtItsPhase() {
    Pacer p = pacer(5 * MS);
    long start = now;
    p.awaitNext();
    assertThat(now).isEqualTo(start + 5 * MS + P);
    p.awaitNext();
    assertThat(now).isEqualTo(start + 5 * MS + 2 * P);
    assertThat(parks).containsExactly(5 * MS + P, P);
  }

  @Test
  void aThreadHeldUpSkipsToItsNextSlotOnItsPhaseAndCountsWhatItSkipped() {
    Pacer p = pacer(5 * MS);
    long start = now;
    p.awaitNext(); // slot 1, at start + 5 ms + P
    now += 10 * P + 3 * MS; // held up: slots 2 to 11 pass, and 3 ms more
    parks.clear();
    long skippedBefore = Pacer.skippedSlots();
    p.awaitNext(); // not slot 2 at once, nor 3 to 11 back to back: slot 12
    assertThat(now).isEqualTo(start + 5 * MS + 12 * P);
    assertThat(parks).containsExactly(P - 3 * MS);
    assertThat(Pacer.skippedSlots() - skippedBefore).isEqualTo(10);
    p.awaitNext(); // and on from there
    assertThat(now).isEqualTo(start + 5 * MS + 13 * P);
  }

  @Test
  void aThreadLateByLessThanTheToleranceSendsAtOnce() {
    Pacer p = pacer(0);
    long start = now;
    p.awaitNext(); // slot 1
    now += P + Pacer.TOLERANCE_NANOS; // slot 2 passed, by exactly the tolerance
    parks.clear();
    p.awaitNext(); // slot 2, late: at once
    assertThat(parks).isEmpty();
    p.awaitNext(); // slot 3
    assertThat(now).isEqualTo(start + 3 * P);
    assertThat(parks).containsExactly(P - Pacer.TOLERANCE_NANOS);
  }

  @Test
  void aSkipAtTheFirstSlotAfterAResetIsThePauseAndALaterOneAStall() {
    Pacer p = pacer(0);
    p.awaitNext();
    Pacer.resetSkippedSlots(); // an iteration starts; the pacer was held up over the pause
    now += 5 * P + 2 * MS;
    p.awaitNext();
    assertThat(Pacer.skippedAfterPause()).isEqualTo(5);
    assertThat(Pacer.skippedInStalls()).isZero();
    now += 3 * P + 2 * MS; // a round trip of over 3 periods inside the iteration
    p.awaitNext();
    assertThat(Pacer.skippedAfterPause()).isEqualTo(5);
    assertThat(Pacer.skippedInStalls()).isEqualTo(3);
    assertThat(Pacer.skippedSlots()).isEqualTo(8);
    assertThat(Pacer.skippedReport()).contains("5 after the pause", "3 in stalls");
    Pacer.resetSkippedSlots(); // the next iteration: its first skip is the pause's again
    now += 2 * P + 2 * MS;
    p.awaitNext();
    assertThat(Pacer.skippedAfterPause()).isEqualTo(2);
    assertThat(Pacer.skippedInStalls()).isZero();
  }
}
