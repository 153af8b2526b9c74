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

  @Test
  void aFileRemovedWhileOpenIsCreatedAgainAndTheNextBatchLandsInIt() throws Exception {
    JsonlFileAppender appender = new JsonlFileAppender(tmp, Rotation.NONE);
    byte[] first = "{\"n\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"n\":2}\n".getBytes(StandardCharsets.UTF_8);
    appender.append(0, first, 0, first.length);
    Path file = tmp.resolve("voicelog_events.jsonl");
    Files.delete(file);
    appender.append(0, second, 0, second.length);
    appender.closeAll();
    assertThat(Files.readAllLines(file)).containsExactly("{\"n\":2}");
  }

  @Test
  void aFileMovedAwayWhileOpenKeepsWhatItHadAndTheNextBatchGoesToTheNamedPath() throws Exception {
    JsonlFileAppender appender = new JsonlFileAppender(tmp, Rotation.NONE);
    byte[] first = "{\"n\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"n\":2}\n".getBytes(StandardCharsets.UTF_8);
    appender.append(0, first, 0, first.length);
    Path file = tmp.resolve("voicelog_events.jsonl");
    Path rotated = tmp.resolve("voicelog_events.jsonl.1");
    Files.move(file, rotated); // what logrotate does without copytruncate
    appender.append(0, second, 0, second.length);
    appender.closeAll();
    assertThat(Files.readAllLines(rotated)).containsExactly("{\"n\":1}");
    assertThat(Files.readAllLines(file)).containsExactly("{\"n\":2}");
  }

  @Test
  void aRemovedLogLosesNoEventOfTheLoggerAfterIt() throws Exception {
    VoiceLog log = VoiceLog.builder().directory(tmp).rotation(Rotation.NONE).shutdownHook(false).build();
    Session s = log.startSession("conv_removed");
    s.event("FIRST").log();
    assertThat(log.flush(java.time.Duration.ofSeconds(10))).isTrue();
    Files.delete(tmp.resolve("voicelog_events.jsonl"));
    s.event("SECOND").log();
    s.close();
    assertThat(log.close()).isTrue();
    assertThat(LogFiles.lines(tmp)).hasSize(2).allSatisfy(l -> assertThat(l).contains("conv_removed"));
    assertThat(LogFiles.lines(tmp).get(0)).contains("\"event_type\":\"SECOND\"").contains("\"seq\":3");
  }
}
