package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  private final List<LogEvent> events = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private static String line(String session, long seq, String type) {
    return "{\"timestamp\":\"2026-11-21T10:00:0" + (seq % 10) + ".000000Z\",\"event_type\":\"" + type
        + "\",\"session_id\":\"" + session + "\",\"seq\":" + seq + ",\"t\":" + seq + ".000000,\"data\":{}}\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** File times are coarse (a few ms): say plainly which file was written last. */
  private static void writtenAnHourAgo(Path file) throws IOException {
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
  }

  @Test
  void aFileRenamedAwayIsNotTakenForLeftWhileItsLineIsBeingWritten() throws IOException {
    Path live = dir.resolve("voicelog_events.jsonl");
    Path rotated = dir.resolve("voicelog_events.jsonl.1"); // after the live file in name order, older in time
    append(rotated, line("a", 1, "SESSION_START"));
    writtenAnHourAgo(rotated);
    String whole = line("b", 1, "SESSION_START");
    append(live, whole.substring(0, 40));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      tail.poll(events::add, problems::add);
      assertThat(problems).as("the live file is the one written last: its line is still being written").isEmpty();
      append(live, whole.substring(40));
      tail.poll(events::add, problems::add);
    }
    assertThat(types()).containsExactlyInAnyOrder("a/1/SESSION_START", "b/1/SESSION_START");
    assertThat(problems).isEmpty();
  }

  private void assertOneProblem(Path file, long line, Problem.Kind kind) {
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file.toString());
      assertThat(p.line()).isEqualTo(line);
      assertThat(p.kind()).isEqualTo(kind);
    });
  }

  private List<String> types() {
    List<String> out = new ArrayList<>();
    for (LogEvent e : events) {
      out.add(e.sessionId() + "/" + e.seq() + "/" + e.type());
    }
    return out;
  }

  @Test
  void firstPollReadsWhatIsThereAndLaterPollsOnlyWhatWasAppended() throws IOException {
    Path f = dir.resolve("voicelog_events_2026-11-21.jsonl");
    append(f, line("a", 1, "SESSION_START") + line("a", 2, "USER_SPEECH_START"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/USER_SPEECH_START");

      tail.poll(events::add, problems::add);
      assertThat(events).hasSize(2);

      append(f, line("a", 3, "USER_SPEECH_END"));
      tail.poll(events::add, problems::add);
      assertThat(types()).endsWith("a/3/USER_SPEECH_END").hasSize(3);
      assertThat(events.get(2).line()).isEqualTo(3);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aLineIsHandedOverOnlyOnceItsNewlineIsWritten() throws IOException {
    Path f = dir.resolve("voicelog_events.jsonl");
    String whole = line("a", 1, "SESSION_START");
    append(f, whole.substring(0, 40));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      tail.poll(events::add, problems::add);
      assertThat(events).isEmpty();
      assertThat(problems).as("a line being written is not torn, however long it waits").isEmpty();

      append(f, whole.substring(40));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START");
    }
  }

  @Test
  void theNextRotatedFileIsReadFromItsStart() throws IOException {
    append(dir.resolve("voicelog_events_2026-11-21.jsonl"), line("a", 1, "SESSION_START"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      append(dir.resolve("voicelog_events_2026-11-22.jsonl"), line("a", 2, "SESSION_END"));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END");
      assertThat(tail.files()).hasSize(2);
    }
  }

  @Test
  void aFileRenamedByARotatorIsFollowedOnNotReadTwice() throws IOException {
    Path live = dir.resolve("voicelog_events.jsonl");
    append(live, line("a", 1, "SESSION_START"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      Path rotated = dir.resolve("voicelog_events.jsonl.1");
      Files.move(live, rotated);
      append(rotated, line("a", 2, "USER_SPEECH_START"));
      append(live, line("b", 1, "SESSION_START"));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactlyInAnyOrder("a/1/SESSION_START", "a/2/USER_SPEECH_START", "b/1/SESSION_START");
    }
  }

  @Test
  void aTruncatedFileIsReadAgainFromItsStart() throws IOException {
    Path f = dir.resolve("voicelog_events.jsonl");
    append(f, line("a", 1, "SESSION_START") + line("a", 2, "SESSION_END"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      Files.writeString(f, line("b", 1, "SESSION_START"), StandardOpenOption.TRUNCATE_EXISTING);
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END", "b/1/SESSION_START");
      assertThat(events.get(2).line()).isEqualTo(1);
    }
  }

  /**
   * logrotate's copytruncate: the file is copied elsewhere and truncated in place (same inode), and by the
   * next poll the writer has written it past where the tail had read. Its size never went down between two
   * polls; what it begins with did change.
   */
  @Test
  void aFileTruncatedInPlaceAndWrittenPastWhereItWasReadIsReadAgainFromItsStart() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Path f = logs.resolve("voicelog_events.jsonl");
    append(f, line("a", 1, "SESSION_START") + line("a", 2, "SESSION_END"));
    try (LogTail tail = LogTail.create(logs)) {
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END");
      Object inode = Files.readAttributes(f, BasicFileAttributes.class).fileKey();

      Files.copy(f, dir.resolve("voicelog_events.jsonl.1")); // the rotated copy, outside the followed directory
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      append(f, line("b", 1, "SESSION_START") + line("b", 2, "USER_SPEECH_START") + line("b", 3, "SESSION_END"));
      assertThat(Files.readAttributes(f, BasicFileAttributes.class).fileKey()).as("the same file").isEqualTo(inode);
      tail.poll(events::add, problems::add);
      tail.poll(events::add, problems::add);
    }
    assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END",
        "b/1/SESSION_START", "b/2/USER_SPEECH_START", "b/3/SESSION_END");
    assertThat(events.subList(2, 5)).extracting(LogEvent::line).containsExactly(1L, 2L, 3L);
    assertThat(problems).isEmpty();
  }

  /** A file the tail skipped at the start (it began at the newest) is known by its start all the same. */
  @Test
  void aSkippedFileTruncatedInPlaceAndWrittenPastItsOldEndIsReadFromItsStart() throws IOException {
    Path older = dir.resolve("voicelog_events_2026-11-21.jsonl");
    append(older, line("a", 1, "SESSION_START") + line("a", 2, "SESSION_END"));
    append(dir.resolve("voicelog_events_2026-11-22.jsonl"), line("b", 1, "SESSION_START"));
    try (LogTail tail = LogTail.builder(dir).startAtNewestFile(true).build()) {
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("b/1/SESSION_START");
      try (FileChannel ch = FileChannel.open(older, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      append(older, line("c", 1, "SESSION_START") + line("c", 2, "USER_SPEECH_START") + line("c", 3, "SESSION_END"));
      tail.poll(events::add, problems::add);
    }
    assertThat(types()).containsExactly("b/1/SESSION_START",
        "c/1/SESSION_START", "c/2/USER_SPEECH_START", "c/3/SESSION_END");
    assertThat(problems).isEmpty();
  }

  @Test
  void aMalformedLineIsReportedWithItsFileAndLineAndReadingGoesOn() throws IOException {
    Path f = dir.resolve("voicelog_events.jsonl");
    append(f, line("a", 1, "SESSION_START") + "this is not json\n" + line("a", 2, "SESSION_END"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
    }
    assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END");
    assertOneProblem(f, 2, Problem.Kind.MALFORMED);
  }

  @Test
  void gzipArchivesAreReadAtTheStartButNotWhenTheyAppearLater() throws IOException {
    gzip(dir.resolve("voicelog_events_2026-11-20.jsonl.gz"), line("old", 1, "SESSION_START"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("old/1/SESSION_START");
      gzip(dir.resolve("voicelog_events_2026-11-21.jsonl.gz"), line("again", 1, "SESSION_START"));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("old/1/SESSION_START");
    }
  }

  @Test
  void theLastLineOfAFileTheWriterLeftWithoutANewlineIsHandedOverOnceItStopsGrowing() throws IOException {
    Path old = dir.resolve("voicelog_events_2026-11-21.jsonl");
    String whole = line("a", 2, "USER_SPEECH_START");
    append(old, line("a", 1, "SESSION_START") + whole.substring(0, whole.length() - 1)); // no newline
    writtenAnHourAgo(old);
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      tail.poll(events::add, problems::add);
      assertThat(types()).as("while it is the file written last, the line may still be being written")
          .containsExactly("a/1/SESSION_START");
      append(dir.resolve("voicelog_events_2026-11-22.jsonl"), line("a", 3, "USER_SPEECH_END"));
      tail.poll(events::add, problems::add);
      assertThat(types()).as("the writer moved on: the line without its newline is whole")
          .containsExactly("a/1/SESSION_START", "a/2/USER_SPEECH_START", "a/3/USER_SPEECH_END");
      assertThat(events.get(1).line()).isEqualTo(2);

      // the next writer of that file ends the line first (JsonlFileAppender), then appends its own
      append(old, "\n" + line("b", 1, "SESSION_START"));
      tail.poll(events::add, problems::add);
      assertThat(types()).endsWith("b/1/SESSION_START").hasSize(4);
      assertThat(events.get(3).line()).as("the newline ended line 2, it is no line of its own").isEqualTo(3);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aTornLastLineOfAFileTheWriterLeftIsReportedAsTorn() throws IOException {
    Path old = dir.resolve("voicelog_events_2026-11-21.jsonl");
    append(old, line("a", 1, "SESSION_START") + "{\"timestamp\":\"2026-11-21T10:00:02.0");
    writtenAnHourAgo(old);
    append(dir.resolve("voicelog_events_2026-11-22.jsonl"), line("a", 2, "SESSION_END"));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      assertThat(problems).as("not before it has been seen not to grow").isEmpty();
      tail.poll(events::add, problems::add);
    }
    assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END");
    assertOneProblem(old, 2, Problem.Kind.TORN_LAST_LINE);
  }

  @Test
  void startingAtTheNewestFileReadsOnlyItThenWhatIsAppendedToAnyFile() throws IOException {
    Path older = dir.resolve("voicelog_events_2026-11-21.jsonl");
    Path newest = dir.resolve("voicelog_events_2026-11-22.jsonl");
    append(older, line("a", 1, "SESSION_START") + line("a", 2, "SESSION_END"));
    gzip(dir.resolve("voicelog_events_2026-11-20.jsonl.gz"), line("archived", 1, "SESSION_START"));
    append(newest, line("b", 1, "SESSION_START"));
    try (LogTail tail = LogTail.builder(dir).startAtNewestFile(true).build()) {
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("b/1/SESSION_START");
      assertThat(tail.files()).as("the others are still followed").hasSize(3);

      append(older, line("a", 3, "LATE_EVENT_FROM_ANOTHER_WRITER"));
      append(newest, line("b", 2, "SESSION_END"));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("b/1/SESSION_START", "a/3/LATE_EVENT_FROM_ANOTHER_WRITER", "b/2/SESSION_END");
      assertThat(events.get(1).line()).as("lines it skipped are still counted").isEqualTo(3);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aSingleFileIsFollowedAndReadAgainWhenItIsReplaced() throws IOException {
    Path f = dir.resolve("calls.jsonl");
    append(f, line("a", 1, "SESSION_START"));
    try (LogTail tail = LogTail.create(f)) {
      tail.poll(events::add, problems::add);
      append(f, line("a", 2, "SESSION_END"));
      tail.poll(events::add, problems::add);
      assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/SESSION_END");

      Files.move(f, dir.resolve("calls.jsonl.1"));
      tail.poll(events::add, problems::add);
      append(f, line("b", 1, "SESSION_START"));
      tail.poll(events::add, problems::add);
      assertThat(types()).endsWith("b/1/SESSION_START").hasSize(3);
      assertThat(tail.files()).containsExactly(f);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aMissingDirectoryIsRefusedAtOnce() {
    assertThatThrownBy(() -> LogTail.create(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope");
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aLineLongerThanOnePollIsReportedOnceAndTheLinesAfterItAreRead() throws IOException {
    Path f = dir.resolve("voicelog_events.jsonl");
    append(f, line("a", 1, "SESSION_START"));
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
      for (long written = 0; written <= LogTail.MAX_BYTES_PER_POLL; written += chunk.length) {
        out.write(chunk); // line 2: longer than a poll reads, and than the longest line read
      }
      out.write('\n');
    }
    append(f, line("a", 3, "SESSION_END"));
    try (LogTail tail = LogTail.create(dir)) {
      for (int poll = 0; poll < 4 && events.size() < 2; poll++) {
        tail.poll(events::add, problems::add);
      }
    }
    assertThat(types()).containsExactly("a/1/SESSION_START", "a/3/SESSION_END");
    assertThat(events.get(1).line()).isEqualTo(3);
    assertOneProblem(f, 2, Problem.Kind.MALFORMED);
  }

  @Test
  void aOneShotReadHandsOverALastLineWithoutItsNewline() throws IOException {
    Path f = dir.resolve("voicelog_events.jsonl");
    String last = line("a", 2, "USER_SPEECH_START");
    append(f, line("a", 1, "SESSION_START") + last.substring(0, last.length() - 1));
    try (LogTail tail = LogTail.create(dir)) {
      tail.poll(events::add, problems::add);
      assertThat(types()).as("followed, the line may still be being written").containsExactly("a/1/SESSION_START");
      tail.pollToEnd(events::add, problems::add);
      assertThatThrownBy(() -> tail.poll(events::add, problems::add)).as("the last read closes the tail")
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(types()).containsExactly("a/1/SESSION_START", "a/2/USER_SPEECH_START");
    assertThat(problems).isEmpty();
  }
}
