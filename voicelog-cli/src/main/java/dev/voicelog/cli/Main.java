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

  /**
   * Runs the command line and returns its exit code; never calls System.exit (tests call this). A command
   * that runs out of heap ends with one line saying so and how to give it more (exit 1), not the JVM's trace:
   * what it held is unreachable once the error has left it, so the line can be written.
   */
  public static int run(String... args) {
    try {
      return Cli.commandLine(new Main()).execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("voicelog: out of memory: this needs more than the JVM's " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
          + " MB of heap; give it more with VOICELOG_JAVA_OPTS=-Xmx<size> (e.g. -Xmx4g), or java -Xmx<size> -jar voicelog.jar");
      return Cli.FAILED;
    }
  }
}
