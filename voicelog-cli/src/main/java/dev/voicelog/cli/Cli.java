package dev.voicelog.cli;

import picocli.CommandLine;

/** How every subcommand reports: usage errors and user errors as one line on stderr with exit code 2. */
final class Cli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Cli() {}

  static CommandLine commandLine(Object command) {
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
  static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
      super(message, null, false, false);
    }
  }
}
