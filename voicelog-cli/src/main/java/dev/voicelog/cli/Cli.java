package dev.voicelog.cli;

import picocli.CommandLine;

/**
 * How every subcommand reports: usage errors and user errors as one line on stderr with exit code 2. Shared
 * by the command packages ({@code dev.voicelog.cli.proxy}, {@code dev.voicelog.cli.audio}); not an API.
 * Stateless and thread-safe; an unexpected exception becomes one line naming where it happened (exit 1),
 * never a stack trace.
 */
public final class Cli {
  /** Exit code: done. */
  public static final int OK = 0;
  /** Exit code: done, but something failed (events lost, a check failed). */
  public static final int FAILED = 1;
  /** Exit code: a usage or user error, said in one line on stderr. */
  public static final int USAGE = 2;

  private Cli() {}

  /** A command line for {@code command} with voicelog's error handling. */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UserError ue) {
        cmd.getErr().println("voicelog: " + ue.getMessage());
        return USAGE;
      }
      cmd.getErr().println("voicelog: internal error: " + ex);
      StackTraceElement[] st = ex.getStackTrace();
      if (st.length > 0) {
        cmd.getErr().println("  at " + st[0] + " (please report this)");
      }
      return FAILED;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("voicelog: " + ex.getMessage());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
      return USAGE;
    });
    return cl;
  }

  /** A mistake of the user's (a path that cannot be read, a bad value): printed as one line, exit code 2. */
  public static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
      super(message, null, false, false);
    }
  }
}
