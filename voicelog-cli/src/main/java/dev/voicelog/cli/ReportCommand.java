package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.read.LogReader;
import dev.voicelog.web.HtmlReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code voicelog report PATH... -o report.html}: the self-contained HTML report (voicelog-web). */
@Command(name = "report", mixinStandardHelpOptions = true, description = {"Write a self-contained HTML report of logs.",
    "%nOne file that opens in any browser with no network: the conversations with their key metrics and anomalies, "
        + "each conversation's timeline and turn waterfalls, the distribution of every metric, the lines skipped."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or directories of rotated logs.")
  List<Path> paths;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The HTML file to write. An earlier report there is replaced; any other file is left as it is (an error).")
  Path output;

  @Option(names = "--title", paramLabel = "TEXT", description = "The report's title (default: voicelog report).")
  String title;

  @Option(names = "--no-transcripts", description = "Leave the spoken text out of the report (only its length).")
  boolean noTranscripts;

  @Mixin SlowOption slow;

  @Mixin RecordingsOption recordings;

  @Override
  public Integer call() {
    Analysis.Result result;
    Inputs.files(paths); // missing, unreadable or empty: an error before anything is written
    Path recordingsDirectory = recordings.directory();
    try {
      result = Analysis.conversations(paths, slow.options(), LogReader.builder().parallelism(2).build());
    } catch (IOException e) {
      throw new Cli.UserError("cannot read the logs: " + Cli.describe(e));
    }
    HtmlReport.Builder b = HtmlReport.builder().transcripts(!noTranscripts).recordings(recordingsDirectory);
    if (title != null) {
      b.title(title);
    }
    try {
      b.build().write(result, output);
    } catch (IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    } catch (IOException e) {
      throw new Cli.UserError("cannot write the report: " + Cli.describe(e));
    }
    long turns = 0;
    for (Conversation c : result.conversations()) {
      turns += c.turns().size();
    }
    spec.commandLine().getOut().println("wrote " + output + ": " + result.conversations().size() + " conversations, "
        + turns + " turns from " + result.files().size() + (result.files().size() == 1 ? " file" : " files")
        + (result.problems().isEmpty() ? "" : "; " + result.problems().size() + " problems with the input (see the report)"));
    return Cli.OK;
  }
}
