package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileAppenderTest {
  @TempDir Path tmp;

  @Test
  void aLineTornByAnotherProcessIsEndedBeforeOursSoNothingSplices() throws Exception {
    JsonlFileAppender appender = new JsonlFileAppender(tmp, Rotation.NONE);
    byte[] ours = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
    appender.append(0, ours, 0, ours.length);
    // another process was killed half way through its line
    Files.writeString(tmp.resolve("voicelog_events.jsonl"), "{\"torn\":", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    appender.append(0, ours, 0, ours.length);
    appender.closeAll();
    List<String> lines = LogFiles.lines(tmp);
    assertThat(lines).containsExactly("{\"a\":1}", "{\"torn\":", "{\"a\":1}");
  }
}
