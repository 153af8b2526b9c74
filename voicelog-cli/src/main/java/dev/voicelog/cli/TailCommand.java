package dev.voicelog.cli;

import dev.voicelog.read.LogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the newest events and each turn's metrics as it completes; with -f keeps following, through rotation
 * ({@link LogTail}, the same tail as the dashboard's).
 */
@Command(name = "tail", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the latest events of the newest log file of DIR and each turn's metrics as the turn completes. With -f, keep following as the file grows and as the logger rotates to a new file (stop with Ctrl-C).",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog tail -f ~/.voicelog/events",
        "  voicelog tail -n 100 ~/.voicelog/events",
        "  voicelog tail -f ~/.voicelog/events --format json | jq 'select(.kind == \"turn\")'"})
final class TailCommand implements Callable<Integer> {
  /** How often -f looks for new lines. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "A directory of log files (or one log file).")
  Path dir;

  @Option(names = {"-f", "--follow"}, description = "Keep following the newest file as it grows and rotates.")
  boolean follow;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
      description = "Of what is already written, how many of the last lines of output to show first: events, "
          + "turns' metrics and anomalies alike (default ${DEFAULT-VALUE}; 0 shows only what comes next).")
  int lines;

  @Mixin SlowOption slow;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json (one object per line: kind event, turn or anomaly).")
  Format format;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!Files.exists(dir)) {
      throw new Cli.UserError(dir + ": no such file or directory");
    }
    if (!follow) {
      Inputs.files(List.of(dir)); // a one-shot read of a directory with no logs (or unreadable) is an error; -f waits
    }
    if (format == Format.csv) {
      throw new Cli.UserError("tail writes text or json, not csv");
    }
    if (lines < 0) {
      throw new Cli.UserError("-n: expected 0 or more lines, got " + lines);
    }
    LogTail tail = LogTail.builder(dir).startAtNewestFile(true).build();
    try (TailPrinter printer = new TailPrinter(tail, spec.commandLine().getOut(), spec.commandLine().getErr(), format,
        Commands.style(), lines, slow.options())) {
      printer.poll();
      if (!follow) {
        printer.finish();
        return Cli.OK;
      }
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(POLL_INTERVAL.toMillis());
        printer.poll();
      }
    }
    return Cli.OK;
  }
}
