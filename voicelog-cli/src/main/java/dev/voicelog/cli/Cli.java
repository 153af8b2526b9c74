package dev.voicelog.cli;

import dev.voicelog.internal.OwnerOnly;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * How every subcommand reports: usage errors, user errors and file-system failures (a path that cannot be
 * read or written, said by {@link #describe}) as one line on stderr with exit code 2; when standard output
 * or error is a terminal, the logs' control characters shown, not obeyed ({@link TerminalSafeWriter}).
 * Shared by the command packages ({@code dev.voicelog.cli.proxy}, {@code dev.voicelog.cli.audio}); not an
 * API. Stateless and thread-safe; an unexpected exception becomes one line naming where it happened
 * (exit 1), never a stack trace.
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
    if (Terminal.stdout()) {
      cl.setOut(new PrintWriter(new TerminalSafeWriter(new OutputStreamWriter(System.out)), true));
    }
    if (Terminal.stderr()) {
      cl.setErr(new PrintWriter(new TerminalSafeWriter(new OutputStreamWriter(System.err)), true));
    }
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UserError ue) {
        cmd.getErr().println("voicelog: " + ue.getMessage());
        return USAGE;
      }
      IOException io = ex instanceof IOException e ? e : ex instanceof UncheckedIOException u ? u.getCause() : null;
      if (io != null) { // a file the command was given or told to write: the user's to fix, not a bug
        cmd.getErr().println("voicelog: " + describe(io));
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

  /**
   * An I/O failure in words, naming the file: {@code logs/x.jsonl: permission denied}. The one place the
   * commands turn a file-system exception into text, so no exception's class name reaches the user.
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String why = e instanceof NoSuchFileException ? "no such file or directory"
          : f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT) // the system's words
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NotDirectoryException ? "not a directory"
          : e instanceof FileAlreadyExistsException ? "already exists"
          : "cannot be used";
      return (f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile()) + ": " + why;
    }
    return e.getMessage() != null ? e.getMessage() : "input/output error";
  }

  /**
   * {@code dir}, created if need be, once a file could be made in it: else a {@link UserError} saying why
   * ({@code what} is what the directory is for, e.g. "the log"). Checked before a command starts, so that a
   * mistyped {@code --out} is an error at once, not a warning at the first event and a log that was never written.
   */
  public static Path writableDirectory(Path dir, String what) {
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new UserError("cannot put " + what + " in " + dir + ": it is a file, not a directory");
      }
      OwnerOnly.createDirectories(dir); // as the logger and the recorder would make it
      Files.delete(Files.createTempFile(dir, ".voicelog-", ".probe"));
      return dir;
    } catch (IOException e) {
      throw new UserError("cannot put " + what + " in " + dir + ": " + describe(e));
    }
  }

  /** A mistake of the user's (a path that cannot be read, a bad value): printed as one line, exit code 2. */
  public static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
      super(message, null, false, false);
    }
  }
}
