package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.Fixtures;
import dev.voicelog.testing.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path tmp;

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : new String[] {"summary", "timeline", "stats", "tail", "grep", "demo"}) {
      Run r = Run.of(command, "--help");
      assertThat(r.exit).as(command).isZero();
      assertThat(r.out).as(command).contains("Usage: voicelog " + command).contains("Examples:");
    }
    assertThat(Run.of("--help").out).contains("summary", "timeline", "stats", "tail", "grep", "demo");
  }

  @Test
  void everyCommandAndSubcommandAnswersHelp() {
    java.util.List<String> missing = new java.util.ArrayList<>();
    java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(Cli.commandLine(new Main()).getSubcommands().values());
    while (!todo.isEmpty()) {
      picocli.CommandLine c = todo.pop();
      todo.addAll(c.getSubcommands().values());
      String name = c.getCommandSpec().qualifiedName(" ");
      if (name.endsWith(" help")) {
        continue;
      }
      String[] args = (name.substring("voicelog ".length()) + " --help").split(" ");
      Run r = Run.of(args);
      if (r.exit != 0 || !r.out.contains("Usage: " + name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("commands without --help").isEmpty();
  }

  @Test
  void aMissingPathIsOneLineNamingItAndExitCodeTwo() {
    Path missing = tmp.resolve("no-such-dir");
    for (String command : new String[] {"summary", "timeline", "stats", "grep", "tail"}) {
      Run r = Run.of(command, missing.toString());
      assertThat(r.exit).as(command).isEqualTo(2);
      assertThat(r.out).isEmpty();
      assertThat(r.err).as(command).isEqualTo("voicelog: " + missing + ": no such file or directory\n");
    }
  }

  @Test
  void aDirectoryWithoutLogsAndABadOptionAreUsageErrors() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Run r = Run.of("summary", empty.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).startsWith("voicelog: " + empty + ": no log files in this directory");
    Run tail = Run.of("tail", empty.toString());
    assertThat(tail.exit).as("a one-shot tail of nothing, as summary").isEqualTo(2);
    assertThat(tail.err).startsWith("voicelog: " + empty + ": no log files in this directory");
    Run bad = Run.of("stats", empty.toString(), "--format", "xml");
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err).contains("--format").contains("xml");
    Run slow = Run.of("stats", empty.toString(), "--slow", "soon");
    assertThat(slow.exit).isEqualTo(2);
    assertThat(slow.err).contains("'soon' is not a duration");
  }

  @Test
  void anUnknownSessionIsAUserError() {
    Path f = Fixtures.copy(Fixtures.NATIVE, tmp);
    Run r = Run.of("summary", f.toString(), "--session", "nobody");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).isEqualTo("voicelog: no session nobody in 1 file\n");
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Style.forTerminal(Map.of(), true).red("x")).isEqualTo("\u001b[31mx\u001b[0m");
    assertThat(Style.forTerminal(Map.of("NO_COLOR", "1"), true).red("x")).isEqualTo("x");
    assertThat(Style.forTerminal(Map.of("TERM", "dumb"), true).red("x")).isEqualTo("x");
    assertThat(Style.forTerminal(Map.of(), false).red("x")).isEqualTo("x");
    Run r = Run.of("summary", Fixtures.copy(Fixtures.NATIVE, tmp).toString());
    assertThat(r.out).doesNotContain("\u001b[");
  }

  @Test
  void grepPrintsTheMatchingLinesExactlyAsWritten() {
    Path native_ = Fixtures.copy(Fixtures.NATIVE, tmp);
    Path realtime = Fixtures.copy(Fixtures.REALTIME, tmp);
    Run r = Run.of("grep", native_.toString(), realtime.toString(), "--type", "STT_COMPLETE", "--session", "call_7f3a",
        "--session", "realtime_api_20251025_120000");
    assertThat(r.exit).isZero();
    assertThat(r.out.lines()).hasSize(6).allSatisfy(l -> assertThat(Fixtures.lines(l.contains("event_data")
        ? Fixtures.REALTIME : Fixtures.NATIVE)).contains(l));
    Run window = Run.of("grep", native_.toString(), "--since", "2026-11-21T15:30:20Z", "--until", "2026-11-21T15:30:23Z");
    assertThat(window.out.lines()).isNotEmpty().allMatch(l -> l.contains("\"timestamp\":\"2026-11-21T15:30:2"));
    Run none = Run.of("grep", native_.toString(), "--type", "NO_SUCH_TYPE");
    assertThat(none.exit).as("nothing matched: 1, as grep(1)").isEqualTo(Cli.FAILED);
    assertThat(none.out + none.err).isEmpty();
    Run badTime = Run.of("grep", native_.toString(), "--since", "tuesday");
    assertThat(badTime.exit).isEqualTo(2);
    assertThat(badTime.err).startsWith("voicelog: --since tuesday: expected an instant");
  }

  @Test
  void statsByAFieldNoTurnHasSaysSo() {
    Path native_ = Fixtures.copy(Fixtures.NATIVE, tmp);
    Run r = Run.of("stats", native_.toString(), "--by", "TTS_START.vocie");
    assertThat(r.exit).isZero();
    assertThat(r.err).startsWith("voicelog: warning: no turn has a value for --by TTS_START.vocie");
    assertThat(Run.of("stats", native_.toString(), "--by", "voice").err).isEmpty();
  }

  @Test
  void aFileOfNothingButGarbageIsAFailureNotAQuietLog() throws IOException {
    Path f = Files.writeString(tmp.resolve("voicelog_events.jsonl"), "not json\n\u0000\u0001binary\n");
    for (String command : new String[] {"summary", "timeline", "stats"}) {
      Run r = Run.of(command, f.toString());
      assertThat(r.exit).as(r.toString()).isEqualTo(Cli.FAILED);
      assertThat(r.err).as(command).endsWith("voicelog: no event of the input could be used (2 problems listed)\n");
    }
  }

  @Test
  void grepReportsSkippedLinesOnStandardError() throws IOException {
    Path f = tmp.resolve("voicelog_events.jsonl");
    Files.writeString(f, "{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1}\nnot json\n");
    Run r = Run.of("grep", f.toString());
    assertThat(r.exit).isZero();
    assertThat(r.out).isEqualTo("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1}\n");
    assertThat(r.err).isEqualTo("voicelog: warning: " + f + ":2: not a JSON object (a line must be one event object)\n");
  }

  @Test
  void theDemoLogsARealCallAndSummarisesIt() throws IOException {
    Path out = tmp.resolve("demo");
    Run r = Run.of("demo", "--out", out.toString());
    assertThat(r.exit).as(r.toString()).isZero();
    assertThat(r.out).contains("1 conversation, 6 turns", "(agent first)", "interrupted after 2.130s of audio",
        "(no speech)", "tool_time 0.810s", "! slow_turn: voice_to_voice 2.060s is over the 1.500s threshold", "voicelog timeline " + out);
    Path log;
    try (var files = Files.list(out)) {
      log = files.filter(p -> p.getFileName().toString().startsWith("voicelog_events_")).findFirst().orElseThrow();
    }
    assertThat(Files.readAllLines(log)).hasSizeGreaterThan(50).allMatch(l -> l.startsWith("{\"timestamp\":"));
    // the log it wrote reads back the same through the other commands
    Run json = Run.of("summary", out.toString(), "--format", "json");
    assertThat(json.out).contains("\"voice_to_voice\": 2.060000", "\"tool_time\": 0.810000", "\"interrupted\": true");
  }

  @Test
  void theDemoWithRedactTextLogsNoWordOfTheCall() throws IOException {
    Path out = tmp.resolve("demo-redacted");
    Run r = Run.of("demo", "--out", out.toString(), "--redact-text");
    assertThat(r.exit).as(r.toString()).isZero();
    assertThat(r.out).contains("1 conversation, 6 turns", "(redacted)").doesNotContain("Harbor Dental", "by email");
    String log = String.join("\n", LogFiles.lines(out));
    assertThat(log).contains("[redacted len=").doesNotContain("Harbor Dental", "Sorry, can you send it by email", "Friday at 2:15");
  }

  @Test
  void fileSystemFailuresAreSaidInWordsNamingTheFile() {
    assertThat(Cli.describe(new java.nio.file.AccessDeniedException("logs/a.jsonl"))).isEqualTo("logs/a.jsonl: permission denied");
    assertThat(Cli.describe(new java.nio.file.NoSuchFileException("logs/b.jsonl"))).isEqualTo("logs/b.jsonl: no such file or directory");
    assertThat(Cli.describe(new java.nio.file.FileSystemException("/proc/x", null, "Read-only file system")))
        .isEqualTo("/proc/x: read-only file system");
    assertThat(Cli.describe(new IOException("disk on fire"))).isEqualTo("disk on fire");
  }

  @Test
  void theDemoRefusesAnOutThatIsAFileAndLeavesItAsItWas() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    Run r = Run.of("demo", "--out", file.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).isEqualTo("voicelog: cannot put the log in " + file + ": it is a file, not a directory\n");
    assertThat(Files.readString(file)).isEqualTo("mine");
  }
}
