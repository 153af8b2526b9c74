package dev.voicelog.cli.proxy;

import dev.voicelog.VoiceLog;
import dev.voicelog.cli.VersionProvider;
import dev.voicelog.tap.audiosocket.AudioSocketTap;
import dev.voicelog.tap.call.CallConsole;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code voicelog proxy audiosocket}: the Asterisk AudioSocket tap. Runs until interrupted (Ctrl-C,
 * SIGTERM), then closes every call and the log, so every event is on disk.
 */
@Command(name = "audiosocket", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
    "Relay Asterisk AudioSocket calls to your agent and log each call: its turns, interruptions and what went wrong.",
    "Point AudioSocket($${UUID},HOST:PORT) at the tap; the tap connects to --upstream."})
final class ProxyAudioSocketCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final TapAddresses<ListenAddress> addresses = TapAddresses.hostPort("Asterisk connects", 9093,
      "127.0.0.1:9092", "The agent's AudioSocket server, e.g. 127.0.0.1:9092.");

  @Mixin CommandSpec addressOptions = addresses.options();

  @Mixin TapOptions options;

  private final TapRunner<AudioSocketTap> runner = new TapRunner<>();

  @Override
  public Integer call() throws InterruptedException {
    ListenAddress at = addresses.listen();
    ListenAddress up = addresses.upstream();
    PrintWriter w = spec.commandLine().getOut();
    VoiceLog log = options.buildLog(w, AudioSocketTap.PERSONAL_FIELDS, CallConsole::new);
    return runner.start(at, log,
        () -> AudioSocketTap.builder().log(log).upstream(up.host(), up.port()).listen(at.host(), at.port())
            .recordings(options.recordings(log)).start(),
        w, tap -> List.of(
        "voicelog: AudioSocket tap on " + at.host() + ":" + tap.port() + " -> " + up.host() + ":" + up.port(),
        "voicelog: point AudioSocket(${UUID}," + at.host() + ":" + tap.port() + ") at it; logging to " + log.directory()));
  }

  /** Stops a running tap (the shutdown hook; tests). */
  void stop() {
    runner.stop();
  }

  /** The running tap, once it listens, or null if it could not listen (tests). */
  AudioSocketTap awaitRunning(java.time.Duration timeout) throws Exception {
    return runner.awaitStarted(timeout);
  }
}
