package dev.voicelog.bench.tapprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class TapProcessHandleTest {
  private static Properties of(String... keysAndValues) {
    Properties p = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return p;
  }

  @Test
  void numberedOptionsFollowTheUnnumberedOneInTheirOrder() {
    Properties p = of("tap.jvmArgs.2", "-Dsecond", "tap.jvmArgs", "-Xlog:gc:file=gc.log", "tap.jvmArgs.1", "-Dfirst");
    assertThat(TapProcessHandle.extraJvmArgs(p)).containsExactly("-Xlog:gc:file=gc.log", "-Dfirst", "-Dsecond");
  }

  @Test
  void numbersMayBeMissingAndSortAsNumbers() {
    Properties p = of("tap.jvmArgs.10", "-Dtenth", "tap.jvmArgs.3", "-Dthird", "tap.jvmArgs.x", "-Dnot", "tap.jvmArgsX", "-Dnot");
    assertThat(TapProcessHandle.extraJvmArgs(p)).containsExactly("-Dthird", "-Dtenth");
  }

  @Test
  void noneGivenIsNone() {
    assertThat(TapProcessHandle.extraJvmArgs(new Properties())).isEmpty();
  }
}
