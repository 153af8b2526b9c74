package dev.voicelog.cli.proxy;

import dev.voicelog.VoiceLog;
import dev.voicelog.cli.VersionProvider;
import dev.voicelog.tap.realtime.RealtimeConsole;
import dev.voicelog.tap.realtime.RealtimeProxy;
import dev.voicelog.tap.relay.Secrets;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code voicelog proxy realtime}: the OpenAI Realtime proxy. Runs until interrupted (Ctrl-C, SIGTERM),
 * then closes every connection and the log, so every event is on disk.
 */
@Command(name = "realtime", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
    "Relay OpenAI Realtime clients to the API and log every event, both ways.",
    "Point a client's base URL at HOST:PORT/v1 (the openai SDKs: OpenAI({baseURL: 'http://127.0.0.1:8765/v1'}); a raw WebSocket: ws://127.0.0.1:8765/v1/realtime?model=...)."})
final class ProxyRealtimeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final TapAddresses<URI> addresses = TapAddresses.webSocket("clients connect", 8765,
      "wss://api.openai.com/v1/realtime",
      "The Realtime endpoint (default: ${DEFAULT-VALUE}). Clients' paths and queries are kept.");

  @Mixin CommandSpec addressOptions = addresses.options();

  @Mixin TapOptions options;

  @Option(names = "--every-delta", description = "Log every audio chunk as a line, not only the first of each response.")
  boolean everyDelta;

  private final TapRunner<RealtimeProxy> runner = new TapRunner<>();

  @Override
  public Integer call() throws InterruptedException {
    ListenAddress at = addresses.listen();
    URI up = addresses.upstream();
    PrintWriter w = spec.commandLine().getOut();
    VoiceLog log = options.buildLog(w, RealtimeProxy.CONVERSATION_TEXT_FIELDS, RealtimeConsole::new);
    return runner.start(at, log,
        () -> RealtimeProxy.builder().log(log).upstream(up).listen(at.host(), at.port()).everyDelta(everyDelta)
            .recordings(options.recordings(log)).start(),
        w, proxy -> List.of(
        "voicelog: Realtime proxy on " + at.url(proxy.port(), "") + " -> " + new Secrets().describeUri(up),
        "voicelog: point your client's base URL at " + at.url(proxy.port(), "/v1") + "; logging to " + log.directory()));
  }

  /** Stops a running proxy (the shutdown hook; tests). */
  void stop() {
    runner.stop();
  }

  /** The running proxy, once it listens, or null if it could not listen (tests). */
  RealtimeProxy awaitRunning(java.time.Duration timeout) throws Exception {
    return runner.awaitStarted(timeout);
  }
}
