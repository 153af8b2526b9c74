package dev.voicelog.cli;

import dev.voicelog.Redaction;
import dev.voicelog.VoiceLog;
import dev.voicelog.VoiceLogBuilder;
import dev.voicelog.VoiceLogConfigException;
import dev.voicelog.tap.realtime.RealtimeConsole;
import dev.voicelog.tap.realtime.RealtimeProxy;
import dev.voicelog.tap.relay.Secrets;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code voicelog proxy realtime}: the OpenAI Realtime proxy. Runs until interrupted (Ctrl-C, SIGTERM),
 * then closes every connection and the log, so every event is on disk.
 */
@Command(name = "realtime", description = {
    "Relay OpenAI Realtime clients to the API and log every event, both ways.",
    "Point a client's base URL at ws://HOST:PORT/v1 (e.g. OpenAI({baseURL: 'ws://127.0.0.1:8765/v1'}))."})
final class ProxyRealtimeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8765",
      description = "Where clients connect (default: ${DEFAULT-VALUE}; port 0 picks one).")
  String listen;

  @Option(names = "--upstream", paramLabel = "URI", defaultValue = "wss://api.openai.com/v1/realtime",
      description = "The Realtime endpoint (default: ${DEFAULT-VALUE}). Clients' paths and queries are kept.")
  String upstream;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to log (default: VOICELOG_DIR, else ~/.voicelog/events).")
  Path out;

  @Option(names = "--record", paramLabel = "DIR",
      description = "Where the stereo recordings go, one WAV per session (default: DIR/recordings of the log).")
  Path record;

  @Option(names = "--no-record", description = "Record no audio.")
  boolean noRecord;

  @Option(names = "--every-delta", description = "Log every audio chunk as a line, not only the first of each response.")
  boolean everyDelta;

  @Option(names = "--quiet", description = "Print nothing while running but the address and errors.")
  boolean quiet;

  @Option(names = "--redact-text", description = "Write transcripts and other conversation text as length and hash only.")
  boolean redactText;

  /** How long the shutdown hook waits for the log to be closed. */
  static final long SHUTDOWN_WAIT_SECONDS = 15;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile RealtimeProxy running;

  @Override
  public Integer call() throws InterruptedException {
    ListenAddress at = ListenAddress.parse(listen);
    URI up = parseUpstream(upstream);
    PrintWriter w = spec.commandLine().getOut();
    VoiceLog log = buildLog(w);
    RealtimeProxy proxy;
    try {
      Path recordings = noRecord ? null : record != null ? record : log.directory().resolve("recordings");
      proxy = RealtimeProxy.builder().log(log).upstream(up).listen(at.host(), at.port()).everyDelta(everyDelta)
          .recordings(recordings).start();
    } catch (RuntimeException e) {
      log.close();
      throw new Cli.UserError("cannot listen on " + at.host() + ":" + at.port() + ": " + rootMessage(e));
    }
    running = proxy;
    // Ctrl-C / SIGTERM: let this thread close the proxy and the log before the JVM goes.
    Thread hook = new Thread(() -> {
      stop();
      try {
        stopped.await(SHUTDOWN_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "voicelog-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    w.println("voicelog: Realtime proxy on " + at.url(proxy.port(), "") + " -> " + new Secrets().describeUri(up));
    w.println("voicelog: point your client's base URL at " + at.url(proxy.port(), "/v1") + "; logging to " + log.directory());
    w.flush();
    stop.await();
    proxy.close();
    boolean complete = log.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped us
    }
    w.println("voicelog: proxy stopped; " + log.writtenEvents() + " events written" + (complete ? "" : ", some were lost (see EVENTS_DROPPED)"));
    w.flush();
    stopped.countDown();
    return complete ? Cli.OK : Cli.FAILED;
  }

  private VoiceLog buildLog(PrintWriter w) {
    VoiceLogBuilder b = VoiceLog.builder().shutdownHook(false);
    try {
      b.fromEnvironment(System.getenv());
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    if (out != null) {
      b.directory(out);
    }
    if (redactText) {
      b.redaction(Redaction.TEXT);
      RealtimeProxy.CONVERSATION_TEXT_FIELDS.forEach(b::redactField);
    }
    if (!quiet) {
      b.addListener(new RealtimeConsole(w));
    }
    try {
      return b.build();
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  private static URI parseUpstream(String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme();
      if (!scheme.equals("ws") && !scheme.equals("wss") || u.getHost() == null) {
        throw new Cli.UserError("--upstream: expected a ws:// or wss:// URI with a host, got '" + new Secrets().scrub(value) + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new Cli.UserError("--upstream: not a URI: " + new Secrets().scrub(e.getMessage()));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Stops a running proxy (the shutdown hook; tests). */
  void stop() {
    stop.countDown();
  }

  /** The running proxy, once it listens (tests). */
  RealtimeProxy running() {
    return running;
  }
}
