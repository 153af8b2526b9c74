package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileAppenderTest {
  private static final long DAY = 20_000; // an epoch day: 2024-10-04

  @TempDir Path tmp;
  /** What the appender did to its files' channels, in order (see {@link SyncRecordingChannel}). */
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** An appender whose channels note when they are forced and closed. */
  private JsonlFileAppender recordingAppender(Rotation rotation) {
    return new JsonlFileAppender(tmp, rotation,
        path -> new SyncRecordingChannel(JsonlFileAppender.openAppend(path), path, calls));
  }

  private static void appendLine(JsonlFileAppender appender, long period, String line) throws Exception {
    byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
    appender.append(period, b, 0, b.length);
  }

  /**
   * At most two files stay open: writing to a third pushes out the one used least recently. Its lines were
   * counted as written; closing it must make them as durable as closing the log makes the others.
   */
  @Test
  void aFilePushedOutOfTheOpenOnesIsSyncedBeforeItIsClosed() throws Exception {
    JsonlFileAppender appender = recordingAppender(Rotation.DAILY);
    appendLine(appender, DAY, "{\"day\":1}");
    appendLine(appender, DAY + 1, "{\"day\":2}");
    appendLine(appender, DAY + 2, "{\"day\":3}"); // pushes out the first day's file
    assertThat(calls).containsExactly("force voicelog_events_2024-10-04.jsonl", "close voicelog_events_2024-10-04.jsonl");

    appender.closeAll();
    assertThat(calls).containsExactlyInAnyOrder(
        "force voicelog_events_2024-10-04.jsonl", "close voicelog_events_2024-10-04.jsonl",
        "force voicelog_events_2024-10-05.jsonl", "close voicelog_events_2024-10-05.jsonl",
        "force voicelog_events_2024-10-06.jsonl", "close voicelog_events_2024-10-06.jsonl");
    assertThat(calls.indexOf("force voicelog_events_2024-10-06.jsonl"))
        .isLessThan(calls.indexOf("close voicelog_events_2024-10-06.jsonl"));
  }

  /** A file moved away while open (logrotate without copytruncate) keeps its lines: synced, then closed. */
  @Test
  void aFileMovedAwayWhileOpenIsSyncedBeforeItIsClosed() throws Exception {
    JsonlFileAppender appender = recordingAppender(Rotation.NONE);
    appendLine(appender, 0, "{\"n\":1}");
    Files.move(tmp.resolve("voicelog_events.jsonl"), tmp.resolve("voicelog_events.jsonl.1"));
    appendLine(appender, 0, "{\"n\":2}");
    assertThat(calls).containsExactly("force voicelog_events.jsonl", "close voicelog_events.jsonl");
    appender.closeAll();
  }

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
