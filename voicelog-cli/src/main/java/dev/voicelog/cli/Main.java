package dev.voicelog.cli;

import dev.voicelog.cli.audio.AudioCommand;
import dev.voicelog.cli.proxy.ProxyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code voicelog} command. Exit codes: 0 success, 1 the command ran and found a failure it reports,
 * 2 bad usage or unreadable input (a one-line error naming the path, never a stack trace).
 */
@Command(
    name = "voicelog",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "One trustworthy record of every voice-agent conversation.",
    subcommands = {DemoCommand.class, SummaryCommand.class, TimelineCommand.class, StatsCommand.class,
        TailCommand.class, GrepCommand.class, ReportCommand.class, ServeCommand.class, ExportCommand.class,
        AudioCommand.class, ProxyCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  /** The root command, for {@link Cli#commandLine} (tests run subcommands in-process this way). */
  public Main() {}

  public static void main(String[] args) {
    CliLogging.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; never calls System.exit (tests call this). */
  public static int run(String... args) {
    return Cli.commandLine(new Main()).execute(args);
  }
}
