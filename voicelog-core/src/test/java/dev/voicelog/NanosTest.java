package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NanosTest {
  @TempDir Path tmp;

  @Test
  void durationsPastLongsRangeSaturateInsteadOfThrowing() {
    assertThat(Nanos.of(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Nanos.of(Duration.ofNanos(-7))).isEqualTo(-7);
    assertThat(Nanos.of(ChronoUnit.FOREVER.getDuration())).isEqualTo(Nanos.LIMIT);
    assertThat(Nanos.of(ChronoUnit.FOREVER.getDuration().negated())).isEqualTo(-Nanos.LIMIT);
  }

  @Test
  void aLogWaitsForEverWhenToldToAndAnEventBackdatedBeyondTimeIsStillLogged() {
    VoiceLog log = VoiceLog.builder().directory(tmp).shutdownHook(false).build();
    Session s = log.startSession("s");
    s.event(EventType.USER_SPEECH_START).earlierBy(ChronoUnit.FOREVER.getDuration()).log(); // must not throw
    assertThat(log.flush(ChronoUnit.FOREVER.getDuration())).isTrue();
    assertThat(log.close(ChronoUnit.FOREVER.getDuration())).isTrue();
  }
}
