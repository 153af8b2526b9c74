package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class CliLoggingTest {
  @Test
  void aLibrarysFailureIsOneLineWithItsCausesAndNoClassNames() {
    IOException cause = new IOException("Failed to connect to /127.0.0.1:1", new ConnectException("Connection refused"));
    String line = CliLogging.line(Level.SEVERE, "Failed to export spans. The request could not be executed. "
        + "Full error message: java.net.ConnectException: Failed to connect to /127.0.0.1:1", cause);
    assertThat(line).isEqualTo("voicelog: error: Failed to export spans. The request could not be executed. "
        + "Full error message: Failed to connect to /127.0.0.1:1: Connection refused");
  }

  @Test
  void aWarningNamesItselfAndACauseWithoutAMessageIsNamedByItsKind() {
    String line = CliLogging.line(Level.WARNING, "cannot follow logs/", new UncheckedIOException(
        "java.nio.file.AccessDeniedException: logs/x.jsonl", new java.nio.file.AccessDeniedException("logs/x.jsonl")));
    assertThat(line).isEqualTo("voicelog: warning: cannot follow logs/: logs/x.jsonl: permission denied");
    assertThat(CliLogging.line(Level.INFO, "started", new IllegalStateException())).isEqualTo(
        "voicelog: started: IllegalStateException");
    assertThat(line).doesNotContain("\n");
  }
}
