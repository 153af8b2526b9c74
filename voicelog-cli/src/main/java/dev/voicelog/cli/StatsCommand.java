package dev.voicelog.cli;

import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.read.LogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Aggregates across conversations: count, mean, min, p50, p90, p95, p99, max of every metric. */
@Command(name = "stats", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Every metric across all conversations: count, mean, min, p50, p90, p95, p99, max (exact percentiles, interpolated like DuckDB's quantile_cont), optionally per value of a data field. Holds no conversation in memory: any size of input works.",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog stats ~/.voicelog/events",
        "  voicelog stats logs/ --by provider --slow 1.5s",
        "  voicelog stats logs/ --by TTS_START.voice --format csv",
        "  voicelog stats logs/ --format json | jq '.metrics.ttfa.p95'"})
final class StatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InputPaths input;

  @Option(names = "--by", paramLabel = "FIELD",
      description = "Group turns by a data field: provider, voice, model..., or TYPE.field (e.g. TTS_START.model).")
  String by;

  @Mixin SlowOption slow;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or csv (one row per group and metric).")
  Format format;

  @Override
  public Integer call() throws IOException {
    List<Path> files = input.files();
    Analysis.Statistics stats;
    try (Progress progress = Progress.start(LogReader.size(files), spec.commandLine().getErr())) {
      stats = Analysis.statistics(files, slow.options(), by, Inputs.reader(progress));
    }
    spec.commandLine().getOut().print(StatsRenderer.render(stats, slow.micros(), format, Commands.style()));
    spec.commandLine().getOut().flush();
    List<Aggregates.Group> groups = stats.aggregates().groups();
    if (by != null && groups.size() == 1 && Aggregates.NO_VALUE.equals(groups.get(0).value())) {
      spec.commandLine().getErr().println("voicelog: warning: no turn has a value for --by " + by + " (a misspelt field?"
          + " a plain name is looked for in every event of the turn and its SESSION_START, TYPE.field in that"
          + " type's events)");
      spec.commandLine().getErr().flush();
    }
    return Commands.exitFor(stats.aggregates().conversations(), stats.problems().size(), spec.commandLine().getErr());
  }
}
