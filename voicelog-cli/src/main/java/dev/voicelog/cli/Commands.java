package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What several commands share: reading conversations (filtered by session), the output style. */
final class Commands {
  /** How many problems of the input a command prints on stderr before it only counts the rest. */
  static final int PROBLEMS_SHOWN = 20;

  private Commands() {}

  /**
   * The input's problems (lines skipped, events lost) on stderr, for output that has no place for them (CSV)
   * or that goes elsewhere: the first {@link #PROBLEMS_SHOWN}, then how many more.
   */
  static void warnProblems(PrintWriter err, List<Problem> problems) {
    for (int i = 0; i < Math.min(PROBLEMS_SHOWN, problems.size()); i++) {
      err.println("voicelog: warning: " + problems.get(i));
    }
    if (problems.size() > PROBLEMS_SHOWN) {
      err.println("voicelog: warning: ... and " + (problems.size() - PROBLEMS_SHOWN) + " more problems in the input");
    }
    err.flush();
  }

  /**
   * The conversations that contain one of {@code ids} (all when null or empty), with a progress bar for a
   * long scan; the others are not kept in memory. An id found in no conversation is a user error.
   */
  static Analysis.Result conversations(CommandSpec spec, List<Path> files, AnalysisOptions options, List<String> ids)
      throws IOException {
    boolean all = ids == null || ids.isEmpty();
    Analysis.Result r;
    try (Progress progress = Progress.start(LogReader.size(files), spec.commandLine().getErr())) {
      r = Analysis.conversations(files, options, Inputs.reader(progress),
          c -> all || c.sessionIds().stream().anyMatch(ids::contains));
    }
    if (!all) {
      for (String id : ids) {
        if (r.conversations().stream().noneMatch(c -> c.sessionIds().contains(id))) {
          throw new Cli.UserError("no session " + id + " in " + r.files().size() + (r.files().size() == 1 ? " file" : " files"));
        }
      }
    }
    return r;
  }

  /**
   * The exit code of a command that read {@code conversations} and met {@code problems}: 1 when the input
   * gave nothing but problems (a file of garbage is not a quiet log), saying so on stderr; else 0.
   */
  static int exitFor(long conversations, int problems, PrintWriter err) {
    if (conversations == 0 && problems > 0) {
      err.println("voicelog: no event of the input could be used (" + problems + (problems == 1 ? " problem" : " problems")
          + " listed)");
      err.flush();
      return Cli.FAILED;
    }
    return Cli.OK;
  }

  /**
   * Prints a reading command's {@code output} and ends it: the input's problems on stderr when the output is
   * CSV (text and JSON list them themselves), and the exit code of {@link #exitFor}.
   */
  static int printed(CommandSpec spec, String output, Analysis.Result result, Format format) {
    spec.commandLine().getOut().print(output);
    spec.commandLine().getOut().flush();
    PrintWriter err = spec.commandLine().getErr();
    if (format == Format.csv) {
      warnProblems(err, result.problems());
    }
    return exitFor(result.conversations().size(), result.problems().size(), err);
  }

  static Style style() {
    return Style.forTerminal(System.getenv(), Terminal.stdout());
  }
}
