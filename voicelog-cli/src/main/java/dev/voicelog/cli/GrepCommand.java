package dev.voicelog.cli;

import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** The lines of the logs that match, exactly as they were written (JSON lines). */
@Command(name = "grep", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the lines that match every filter given, exactly as written (JSON lines), in file order. Lines that are not events are reported on standard error and skipped. Exit 0 when a line matched, 1 when none did (as grep(1)).",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog grep ~/.voicelog/events --session call_7f3a",
        "  voicelog grep logs/ --type LLM_ERROR --type TTS_ERROR --since 2026-11-21T15:00:00Z",
        "  voicelog grep logs/ --type USER_SPEECH_START --since 10m    (the last ten minutes)",
        "  voicelog grep realtime_api.jsonl --type STT_COMPLETE         (a canonical name matches Realtime types too)"})
final class GrepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InputPaths input;

  @Option(names = "--session", paramLabel = "ID", description = "Lines of this session (repeatable).")
  List<String> sessions;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Lines of this event type, as written or as its canonical name (repeatable).")
  List<String> types;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Lines with a timestamp at or after TIME: an instant (2026-11-21T15:30:00Z), a UTC date, or a duration ago (10m).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Lines with a timestamp before TIME (same forms as --since).")
  String until;

  private final Instant now = Instant.now();

  @Override
  public Integer call() {
    List<Path> files = input.files();
    long from = since == null ? Long.MIN_VALUE : parseTime("--since", since);
    long to = until == null ? Long.MAX_VALUE : parseTime("--until", until);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] matched = {0};
    for (Path f : files) {
      LogReader.scan(f, (b, off, len, line, e) -> {
        if (e != null && matches(e, from, to)) {
          out.println(new String(b, off, len, StandardCharsets.UTF_8).stripTrailing());
          matched[0]++;
        }
      }, p -> err.println("voicelog: warning: " + p));
    }
    out.flush();
    err.flush();
    return matched[0] > 0 ? Cli.OK : Cli.FAILED;
  }

  private boolean matches(LogEvent e, long from, long to) {
    if (sessions != null && !sessions.contains(e.sessionId())) {
      return false;
    }
    if (types != null && !types.contains(e.type())
        && (e.canonicalType() == null || !types.contains(e.canonicalType().name()))) {
      return false;
    }
    if (from != Long.MIN_VALUE || to != Long.MAX_VALUE) {
      long ts = e.timestamp();
      return ts != LogEvent.NO_TIMESTAMP && ts >= from && ts < to;
    }
    return true;
  }

  /** An instant, a UTC date, or a duration before now, as epoch microseconds. */
  long parseTime(String option, String value) {
    Instant i;
    try {
      if (value.length() == 10 && value.charAt(4) == '-') {
        i = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (Character.isDigit(value.charAt(0)) && value.contains("T")) {
        i = Instant.parse(value);
      } else {
        Duration ago = DurationConverter.parse(value);
        i = now.minus(ago);
      }
    } catch (DateTimeParseException | picocli.CommandLine.TypeConversionException | StringIndexOutOfBoundsException e) {
      throw new Cli.UserError(option + " " + value + ": expected an instant (2026-11-21T15:30:00Z), a date (2026-11-21)"
          + " or a duration ago (10m)");
    }
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }
}
