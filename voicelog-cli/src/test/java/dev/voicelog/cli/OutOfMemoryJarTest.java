package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar, given a heap too small for its input (a 60 MB line under {@code -Xmx32m}), ends with one line
 * saying so and how to give it more, not the JVM's stack trace. Its own process: the error is the JVM's.
 */
class OutOfMemoryJarTest {
  static final Path JAR = Path.of("target", "voicelog.jar");

  @TempDir Path dir;

  @Test
  void aHeapTooSmallIsOneLineNamingTheWayToGrowIt() throws Exception {
    assertThat(JAR).as("built by mvn package").exists();
    Path log = dir.resolve("big.jsonl");
    String line = "{\"v\":1,\"t\":0,\"seq\":1,\"session_id\":\"s\",\"event_type\":\"SESSION_START\",\"data\":{\"x\":\""
        + "a".repeat(60_000_000) + "\"}}\n";
    Files.writeString(log, line, StandardCharsets.UTF_8);
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-jar",
        JAR.toString(), "summary", log.toString()).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
        .start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as(stderr).isEqualTo(Cli.FAILED);
    assertThat(stderr).startsWith("voicelog: out of memory: this needs more than the JVM's ").contains("VOICELOG_JAVA_OPTS=-Xmx")
        .doesNotContain("\tat ").hasLineCount(1);
    assertThat(log).as("the input is untouched").hasSize(line.length());
  }
}
