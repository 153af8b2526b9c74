package dev.voicelog.cli;

import dev.voicelog.Redaction;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.read.LogReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Logs a simulated call through the real logger, then shows what voicelog makes of it. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run a simulated voice agent (a dental receptionist on the phone: a tool call, a barge-in, a cough that speech-to-text hears as nothing) through the real logger, then print its summary.",
    footerHeading = "%nExamples:%n",
    footer = {"  voicelog demo", "  voicelog demo --out /tmp/demo && voicelog timeline /tmp/demo", "  voicelog demo --redact-text"})
final class DemoCommand implements Callable<Integer> {
  /** The demo flags turns slower than this, to show what a slow turn looks like. */
  static final Duration SLOW = Duration.ofMillis(1500);

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to log (default: a new temporary directory).")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Summary as text (default), json or csv.")
  Format format;

  @Option(names = "--redact-text", description = "Log what is said as length and hash only (VOICELOG_REDACT=text in an "
      + "agent): see what the log keeps of a call without its words.")
  boolean redactText;

  @Override
  public Integer call() throws IOException {
    Path dir = out != null ? Cli.writableDirectory(out, "the log") : Files.createTempDirectory("voicelog-demo-");
    Instant now = Instant.now();
    DemoAgent.SimulatedClock clock = new DemoAgent.SimulatedClock(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
    VoiceLog log = VoiceLog.builder().directory(dir).monotonicClock(clock).wallClock(clock).shutdownHook(false)
        .redaction(redactText ? Redaction.TEXT : Redaction.NONE).build();
    String id = "demo_" + now.getEpochSecond();
    new DemoAgent(clock).run(log, id);
    boolean complete = log.close(Duration.ofSeconds(5));

    PrintWriter w = spec.commandLine().getOut();
    Style style = Commands.style();
    List<Path> files = LogReader.files(List.of(log.directory()));
    Analysis.Result result = Commands.conversations(spec, files, AnalysisOptions.builder().slowThreshold(SLOW).build(),
        List.of(id));
    if (format != Format.text) {
      w.print(SummaryRenderer.render(result, format, style));
      w.flush();
      return complete ? Cli.OK : Cli.FAILED;
    }
    long events = 0;
    for (Path f : files) {
      events += Files.readAllLines(f).size();
    }
    w.println(style.bold("voicelog demo") + ": a simulated phone agent (deepgram -> gpt-4o-mini -> tts-1) took a 29-second call.");
    w.println("Every moment went through the real logger: " + events + " events in " + files.get(files.size() - 1) + "");
    w.println("Turns slower than " + Text.secs(SLOW.toNanos() / 1_000) + " are flagged.");
    w.println();
    w.print(SummaryRenderer.text(result, style));
    w.println();
    String where = log.directory().toString();
    String[][] next = {
        {"voicelog timeline " + where, "every event, turn by turn"},
        {"voicelog stats " + where + " --by provider", "p50/p95/p99 of every metric"},
        {"voicelog summary " + where + " --format json", "the same, for scripts (docs/cli-json.md)"},
        {"voicelog report " + where + " -o report.html", "waterfalls and distributions in one offline file"},
        {"voicelog serve --dir " + where, "the same, live, at http://127.0.0.1:8080/"}};
    int width = 0;
    for (String[] n : next) {
      width = Math.max(width, n[0].length());
    }
    w.println("Next:");
    for (String[] n : next) {
      w.println("  " + n[0] + " ".repeat(width - n[0].length() + 3) + n[1]);
    }
    w.flush();
    return complete ? Cli.OK : Cli.FAILED;
  }
}
