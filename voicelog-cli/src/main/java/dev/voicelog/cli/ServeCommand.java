package dev.voicelog.cli;

import dev.voicelog.web.Dashboard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code voicelog serve --dir DIR}: the live dashboard (voicelog-web), until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {"Serve a live dashboard of a log directory.",
    "%nConversations appear as they are logged, with /metrics for Prometheus and JSON under /api (see docs/web.md). "
        + "Listens on 127.0.0.1 unless told otherwise."})
final class ServeCommand implements Callable<Integer> {
  /** How long the first read of the directory may take before the address is printed anyway. */
  static final Duration LOAD_WAIT = Duration.ofMinutes(5);

  /** Jetty and Javalin say "started" at INFO through SLF4J to java.util.logging; only their warnings are news. */
  private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");
  private static final java.util.logging.Logger JAVALIN = java.util.logging.Logger.getLogger("io.javalin");

  static {
    JETTY.setLevel(java.util.logging.Level.WARNING);
    JAVALIN.setLevel(java.util.logging.Level.WARNING);
  }

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The log directory to follow.")
  Path dir;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = Dashboard.DEFAULT_BIND, paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback requires --token.")
  String bind;

  @Option(names = "--token", paramLabel = "T", defaultValue = "${env:VOICELOG_DASHBOARD_TOKEN}",
      description = {"A secret every request must carry (Authorization: Bearer T, or ?token=T), at least 16 characters.",
          "Default: $VOICELOG_DASHBOARD_TOKEN (better than the command line, which other users can see)."})
  String token;

  @Option(names = "--no-transcripts", description = "Do not show the spoken text (only its length).")
  boolean noTranscripts;

  @Mixin SlowOption slow;

  @Mixin RecordingsOption recordings;

  @Override
  public Integer call() throws InterruptedException {
    Dashboard dashboard = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      dashboard.close();
      stopped.countDown();
    }, "voicelog-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("voicelog: reading " + dir + " ...");
    out.flush();
    dashboard.awaitLoaded(LOAD_WAIT);
    out.println("voicelog: dashboard of " + dashboard.conversationCount() + " conversations at " + dashboard.url()
        + (token != null && !token.isEmpty() ? "?token=<your token>" : "") + "  (metrics: " + dashboard.url()
        + "metrics; Ctrl-C stops)");
    out.flush();
    stopped.await();
    return Cli.OK;
  }

  /** The dashboard the options describe, started; a user error when it cannot be. */
  Dashboard start() {
    java.util.logging.Level usual = JAVALIN.getLevel();
    JAVALIN.setLevel(java.util.logging.Level.OFF); // its "Failed to start" would repeat what the error below says
    try {
      return Dashboard.builder(dir).bind(bind).port(port).token(token == null || token.isEmpty() ? null : token)
          .transcripts(!noTranscripts).analysisOptions(slow.options()).recordings(recordings.directory()).start();
    } catch (NoSuchFileException e) {
      throw new Cli.UserError(dir + ": no such directory");
    } catch (IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    } catch (IOException e) {
      throw new Cli.UserError(Cli.describe(e));
    } finally {
      JAVALIN.setLevel(usual);
    }
  }
}
