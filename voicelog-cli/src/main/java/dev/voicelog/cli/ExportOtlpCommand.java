package dev.voicelog.cli;

import dev.voicelog.OverflowPolicy;
import dev.voicelog.VoiceLogConfigException;
import dev.voicelog.otel.ReplaySummary;
import dev.voicelog.otel.VoiceLogOtel;
import dev.voicelog.otel.VoiceLogOtelBuilder;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code voicelog export otlp --endpoint URL PATH...}: replays logs of any format voicelog reads as
 * OpenTelemetry traces and latency histograms to an OTLP/HTTP endpoint (voicelog-otel does the work).
 * Exit 0 when every span was delivered, 1 when some were not, 2 for bad options or paths.
 */
@Command(
    name = "otlp",
    mixinStandardHelpOptions = true,
    description = {
        "Replay logs (native, VoiceMode, Realtime-guide; files, .gz, directories) as OpenTelemetry traces and "
            + "latency histograms over OTLP/HTTP.",
        "Spans start and end at the events' own times.",
        "Also reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS and OTEL_SERVICE_NAME."})
final class ExportOtlpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "OTLP/HTTP base URL; /v1/traces and /v1/metrics are added (default: $OTEL_EXPORTER_OTLP_ENDPOINT, else "
          + VoiceLogOtelBuilder.DEFAULT_ENDPOINT + ").")
  String endpoint;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME=VALUE",
      description = "A header sent with every request, e.g. an API key (repeatable). Never printed.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--service-name", paramLabel = "NAME",
      description = "service.name of the spans (default: $OTEL_SERVICE_NAME, else " + VoiceLogOtelBuilder.DEFAULT_SERVICE_NAME + ").")
  String serviceName;

  @Option(names = "--capture-content",
      description = "Put what the user and the agent said into the spans (off by default: spoken text is personal data).")
  boolean captureContent;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long one export may take before its spans count as not delivered (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or directories.")
  List<Path> paths;

  @Override
  public Integer call() {
    VoiceLogOtelBuilder builder = configure();
    Inputs.files(paths); // a path that cannot be read is an error before any connection is made
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReplaySummary summary;
    String where;
    ExportComplaints complaints = ExportComplaints.hold();
    try (VoiceLogOtel otel = build(builder)) {
      where = otel.endpoint();
      summary = otel.replay(paths);
    } catch (IOException e) {
      throw new Cli.UserError(Cli.describe(e));
    } finally {
      complaints.release();
    }
    List<Problem> problems = summary.problems();
    Commands.warnProblems(err, problems);
    for (String id : summary.unplacedConversations()) {
      err.println("voicelog: warning: conversation " + id + " has no timestamps to place it in time; not exported");
    }
    if (!summary.complete()) {
      String first = complaints.first();
      err.println("voicelog: " + summary.droppedSpans() + " of the " + summary.spans() + " spans of " + summary.conversations()
          + " conversations did not reach " + where + (summary.flushed() ? "" : " in time")
          + ": the collector was down, slow or refused them" + (first == null ? "" : " (first failure: " + first + ")"));
      return Cli.FAILED;
    }
    out.println("exported " + summary.conversations() + " conversations (" + summary.turns() + " turns, "
        + summary.spans() + " spans) to " + where);
    return Cli.OK;
  }

  private VoiceLogOtelBuilder configure() {
    if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
      throw new Cli.UserError("--timeout must be more than 0 and at most 3600 seconds, got " + timeoutSeconds);
    }
    try {
      VoiceLogOtelBuilder b = VoiceLogOtel.builder()
          .fromEnvironment(System.getenv())
          .overflow(OverflowPolicy.BLOCK) // a replay waits for the collector rather than dropping
          .exportTimeout(Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
      if (endpoint != null) {
        b.endpoint(endpoint);
      }
      for (String h : headers) {
        int eq = h.indexOf('=');
        if (eq <= 0) {
          throw new Cli.UserError("--header expects NAME=VALUE (the value is not shown: headers carry credentials)");
        }
        b.header(h.substring(0, eq).trim(), h.substring(eq + 1));
      }
      if (serviceName != null) {
        b.serviceName(serviceName);
      }
      if (captureContent) {
        b.captureContent(true);
      }
      return b;
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  private static VoiceLogOtel build(VoiceLogOtelBuilder b) {
    try {
      return b.build();
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }
}
