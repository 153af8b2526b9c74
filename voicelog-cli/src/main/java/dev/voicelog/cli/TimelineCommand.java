package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Every event, per turn, with its offset from the session start, who acted, transcripts and errors. */
@Command(name = "timeline", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Every event of each conversation, turn by turn: offset from the session start (+12.345s), who acted (user, agent), what was said (unless redacted) and errors marked with x.",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog timeline ~/.voicelog/events --session call_7f3a",
        "  voicelog timeline realtime_api_20251025_120000.jsonl",
        "  voicelog timeline logs/ --format json | jq '.sessions[0].events[] | select(.who == \"user\")'"})
final class TimelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InputPaths input;

  @Option(names = "--session", paramLabel = "ID", description = "Only the conversation(s) with this session id.")
  List<String> sessions;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or csv (one row per event).")
  Format format;

  @Override
  public Integer call() throws IOException {
    Analysis.Result result = Commands.conversations(spec, input.files(), AnalysisOptions.defaults(), sessions);
    String out = switch (format) {
      case text -> TimelineRenderer.text(result, Commands.style());
      case json -> TimelineRenderer.json(result);
      case csv -> TimelineRenderer.csv(result);
    };
    return Commands.printed(spec, out, result, format);
  }
}
