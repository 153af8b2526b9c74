package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.EventType;
import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  @TempDir Path tmp;

  /** Collects everything a read produces; thread-safe for parallel reads. */
  static final class Collected implements SessionSink {
    final List<SessionLog> sessions = Collections.synchronizedList(new ArrayList<>());
    final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void session(SessionLog s) {
      sessions.add(s);
    }

    @Override
    public void problem(Problem p) {
      problems.add(p);
    }

    /** Sessions as comparable text (id, then every event's seq, t, type, line), in id order. */
    List<String> sessionText() {
      List<String> out = new ArrayList<>();
      List<SessionLog> sorted = new ArrayList<>(sessions);
      sorted.sort(Comparator.comparing(SessionLog::id));
      for (SessionLog s : sorted) {
        StringBuilder sb = new StringBuilder(s.id()).append(" lost=").append(s.lostEvents()).append(':');
        for (LogEvent e : s.events()) {
          sb.append(' ').append(e.seq()).append('/').append(e.t()).append('/').append(e.type()).append('@').append(e.line());
        }
        out.add(sb.toString());
      }
      return out;
    }

    List<String> problemText() {
      List<String> out = new ArrayList<>();
      for (Problem p : problems) {
        out.add(p.toString());
      }
      Collections.sort(out);
      return out;
    }
  }

  private static Collected read(LogReader reader, Path... paths) throws IOException {
    Collected c = new Collected();
    reader.read(List.of(paths), c);
    return c;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String line(String sid, long seq, double t, String type) {
    return String.format(java.util.Locale.ROOT, "{\"timestamp\":\"2026-11-21T15:30:00Z\",\"event_type\":\"%s\",\"session_id\":\"%s\",\"seq\":%d,\"t\":%.6f,\"data\":{}}%n",
        type, sid, seq, t);
  }

  @Test
  void aDirectoryIsReadInRotationOrderAndSessionsContinueAcrossFiles() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("logs"));
    append(dir.resolve("voicelog_events_2026-11-21.jsonl"), line("night", 1, 0, "SESSION_START") + line("night", 2, 1, "TTS_START"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("voicelog_events_2026-11-22.jsonl.gz")))) {
      out.write((line("night", 3, 2, "TTS_FIRST_AUDIO") + line("night", 4, 3, "SESSION_END")).getBytes(StandardCharsets.UTF_8));
    }
    append(dir.resolve("notes.txt"), "not a log\n");
    append(dir.resolve(".hidden.jsonl"), "not a log either\n");
    assertThat(LogReader.files(List.of(dir))).extracting(p -> p.getFileName().toString())
        .containsExactly("voicelog_events_2026-11-21.jsonl", "voicelog_events_2026-11-22.jsonl.gz");

    Collected c = read(LogReader.create(), dir);
    assertThat(c.problems).isEmpty();
    assertThat(c.sessions).singleElement().satisfies(s -> {
      assertThat(s.events()).extracting(LogEvent::type).containsExactly("SESSION_START", "TTS_START", "TTS_FIRST_AUDIO", "SESSION_END");
      assertThat(s.events().get(3).file()).endsWith("voicelog_events_2026-11-22.jsonl.gz");
      assertThat(s.events().get(3).line()).isEqualTo(2);
    });
  }

  @Test
  void aTornLastLineIsReportedAsSuchAndEverythingBeforeItIsKept() throws IOException {
    Path f = tmp.resolve("voicelog_events.jsonl");
    append(f, line("a", 1, 0, "SESSION_START") + "garbage in the middle\n" + line("a", 2, 1, "TTS_START")
        + "{\"timestamp\":\"2026-11-21T15:30:02Z\",\"event_type\":\"TTS_FIR");
    Collected c = read(LogReader.create(), f);
    assertThat(c.sessions.get(0).events()).hasSize(2);
    assertThat(c.problems).extracting(Problem::kind, Problem::line)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Problem.Kind.MALFORMED, 2L),
            org.assertj.core.groups.Tuple.tuple(Problem.Kind.TORN_LAST_LINE, 4L));
  }

  @Test
  void aTruncatedGzipFileIsReportedAndItsCompleteLinesAreKept() throws IOException {
    Path gz = tmp.resolve("voicelog_events_2026-11-21.jsonl.gz");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      text.append(line("a", i, i, "AUDIO_STATS"));
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
    Collected c = read(LogReader.create(), gz);
    assertThat(c.problems).anySatisfy(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.UNREADABLE);
      assertThat(p.file()).isEqualTo(gz.toString());
      assertThat(p.message()).startsWith("could not read the file to its end (stopped after line ");
    });
    assertThat(c.sessions.get(0).events().size()).isBetween(100, 1999);
  }

  @Test
  void aMissingPathIsAnErrorNamingIt() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> read(LogReader.create(), missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aParallelReadGivesExactlyWhatASequentialReadGives() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("big"));
    writeInterleavedSessions(dir, 120, new Random(7));
    Path file = LogReader.files(List.of(dir)).get(0);
    // damage it: a malformed line in the middle and a seq gap, so problems and line numbers are compared too
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(lines.size() / 2, "{broken");
    lines.remove(lines.size() / 3);
    Files.write(file, lines);

    Collected sequential = read(LogReader.create(), file);
    for (int threads : new int[] {2, 3, 8}) {
      Collected parallel = read(LogReader.builder().parallelism(threads).splitThreshold(1024).build(), file);
      assertThat(parallel.sessionText()).as("parallelism " + threads).isEqualTo(sequential.sessionText());
      assertThat(parallel.problemText()).as("parallelism " + threads).isEqualTo(sequential.problemText());
    }
    assertThat(sequential.sessions).hasSize(120);
    assertThat(sequential.problemText()).hasSize(2);
  }

  /** Real logger output: {@code count} conversations overlapping in time, through the real writer. */
  static void writeInterleavedSessions(Path dir, int count, Random random) {
    ManualClock clock = ManualClock.at("2026-11-21T15:30:00Z");
    VoiceLog log = VoiceLog.builder().directory(dir).rotation(Rotation.NONE).monotonicClock(clock).wallClock(clock)
        .shutdownHook(false).queueCapacity(1 << 16).overflow(dev.voicelog.OverflowPolicy.BLOCK).build();
    List<Session> open = new ArrayList<>();
    int started = 0;
    while (started < count || !open.isEmpty()) {
      if (started < count && (open.size() < 8 || random.nextInt(4) == 0)) {
        open.add(log.startSession("conv_" + started++));
      }
      Session s = open.get(random.nextInt(open.size()));
      clock.advanceMillis(1 + random.nextInt(200));
      EventType[] steps = {EventType.USER_SPEECH_START, EventType.USER_SPEECH_END, EventType.STT_COMPLETE,
          EventType.LLM_REQUEST, EventType.TTS_START, EventType.TTS_FIRST_AUDIO, EventType.TTS_PLAYBACK_START,
          EventType.TTS_PLAYBACK_END};
      s.event(steps[random.nextInt(steps.length)]).put("text", "x".repeat(random.nextInt(40))).log();
      if (random.nextInt(25) == 0) {
        s.end();
        open.remove(s);
      }
    }
    assertThat(log.close()).isTrue();
  }
}
