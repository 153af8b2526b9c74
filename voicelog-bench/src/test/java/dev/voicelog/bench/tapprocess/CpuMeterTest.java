package dev.voicelog.bench.tapprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CPU time from /proc, with and without the processes a process forked (socat's per-connection ones). */
class CpuMeterTest {
  @Test
  void countsAForkedChildsTimeOnlyWhenAskedTo() throws Exception {
    // a child that does a fixed amount of work (not a fixed time), then is reaped by the shell that forked it
    Process shell = new ProcessBuilder("sh", "-c",
        "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; echo reaped; sleep 30").start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("reaped");
      long withChildren = new CpuMeter(shell.pid(), true).cpuNanos();
      long alone = new CpuMeter(shell.pid(), false).cpuNanos();
      assertThat(withChildren - alone).as("the child's 400,000 shell loop turns, some 100 ms or more")
          .isGreaterThanOrEqualTo(50_000_000L);
      assertThat(alone).as("the shell itself only waited").isLessThan(withChildren / 2);
    } finally {
      shell.descendants().forEach(ProcessHandle::destroy);
      shell.destroy();
    }
  }
}
