package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Per conversation and per turn: metrics, the waterfall, anomalies, skipped lines. */
@Command(name = "summary", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Per conversation and per turn: the latency metrics, the voice_to_voice waterfall, anomalies and the lines that could not be used. Reads voicelog, VoiceMode and Realtime-guide logs, plain or .gz.",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog summary ~/.voicelog/events",
        "  voicelog summary voicemode_events_2025-06-23.jsonl --slow 1.5s",
        "  voicelog summary logs/ --format json | jq '.sessions[].turns[].metrics.voice_to_voice'"})
final class SummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or directories of rotated log files.")
  List<Path> paths;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or csv (one row per turn).")
  Format format;

  @Option(names = "--slow", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Flag turns whose voice_to_voice (else response_time) is over this, e.g. 1.5s.")
  Duration slow;

  @Option(names = "--session", paramLabel = "ID", description = "Only the conversation(s) with this session id.")
  List<String> sessions;

  @Override
  public Integer call() throws IOException {
    List<Path> files = Inputs.files(paths);
    AnalysisOptions options = Commands.options(slow);
    Analysis.Result result;
    try (Progress progress = Progress.start(dev.voicelog.read.LogReader.size(files), spec.commandLine().getErr())) {
      result = Analysis.conversations(files, options, Inputs.reader(progress));
    }
    result = Commands.onlySessions(result, sessions);
    spec.commandLine().getOut().print(SummaryRenderer.render(result, format, Commands.style()));
    spec.commandLine().getOut().flush();
    return Cli.OK;
  }
}
