package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = Cli.commandLine(Main.class);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void bindingBeyondLoopbackWithoutATokenIsRefused() {
    assertThat(run("serve", "--dir", dir.toString(), "--bind", "0.0.0.0", "--port", "0")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("give a --token");
  }

  @Test
  void aShortTokenIsRefusedWithoutEchoingIt() {
    assertThat(run("serve", "--dir", dir.toString(), "--port", "0", "--token", "tiny-secret")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("at least 16 characters").doesNotContain("tiny-secret");
  }

  @Test
  void aMissingDirectoryIsAOneLineError() {
    assertThat(run("serve", "--dir", dir.resolve("nope").toString(), "--port", "0")).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + dir.resolve("nope") + ": no such directory");
  }
}
