package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
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

  @Mixin InputPaths input;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or csv (one row per turn).")
  Format format;

  @Mixin SlowOption slow;

  @Option(names = "--session", paramLabel = "ID", description = "Only the conversation(s) with this session id.")
  List<String> sessions;

  @Override
  public Integer call() throws IOException {
    Analysis.Result result = Commands.conversations(spec, input.files(), slow.options(), sessions);
    return Commands.printed(spec, SummaryRenderer.render(result, format, Commands.style()), result, format);
  }
}
