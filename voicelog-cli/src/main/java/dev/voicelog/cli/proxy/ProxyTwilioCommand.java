package dev.voicelog.cli.proxy;

import dev.voicelog.VoiceLog;
import dev.voicelog.cli.VersionProvider;
import dev.voicelog.tap.call.CallConsole;
import dev.voicelog.tap.relay.Secrets;
import dev.voicelog.tap.twilio.TwilioTap;
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
 * {@code voicelog proxy twilio}: the Twilio Media Streams tap. Runs until interrupted (Ctrl-C, SIGTERM),
 * then closes every stream and the log, so every event is on disk.
 */
@Command(name = "twilio", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
    "Relay Twilio Media Streams to your agent and log each call: its turns, interruptions and what went wrong.",
    "Point <Stream url=\"...\"> at the tap (through your TLS front); the tap connects to --upstream with the same path."})
final class ProxyTwilioCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final TapAddresses<URI> addresses = TapAddresses.webSocket("Twilio connects", 8766, TapAddresses.REQUIRED,
      "The agent's WebSocket, e.g. ws://127.0.0.1:8000/media. Twilio's path and query are kept, then any of its own query parameters Twilio did not send.");

  @Mixin CommandSpec addressOptions = addresses.options();

  @Mixin TapOptions options;

  @Option(names = "--every-media", description = "Log every media message as a line, not only the first of each direction.")
  boolean everyMedia;

  private final TapRunner<TwilioTap> runner = new TapRunner<>();

  @Override
  public Integer call() throws InterruptedException {
    ListenAddress at = addresses.listen();
    URI up = addresses.upstream();
    PrintWriter w = spec.commandLine().getOut();
    VoiceLog log = options.buildLog(w, TwilioTap.PERSONAL_FIELDS, CallConsole::new);
    return runner.start(at, log,
        () -> TwilioTap.builder().log(log).upstream(up).listen(at.host(), at.port()).everyMedia(everyMedia)
            .recordings(options.recordings(log)).start(),
        w, tap -> List.of(
        "voicelog: Twilio Media Streams tap on " + at.url(tap.port(), "") + " -> " + new Secrets().describeUri(up),
        "voicelog: point <Stream url> at it (wss:// through your TLS front); logging to " + log.directory()));
  }

  /** Stops a running tap (the shutdown hook; tests). */
  void stop() {
    runner.stop();
  }

  /** The running tap, once it listens, or null if it could not listen (tests). */
  TwilioTap awaitRunning(java.time.Duration timeout) throws Exception {
    return runner.awaitStarted(timeout);
  }
}
