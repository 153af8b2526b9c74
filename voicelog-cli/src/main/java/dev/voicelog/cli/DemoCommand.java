package dev.voicelog.cli;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Logs a short scripted conversation through the real logger and prints the file it wrote. */
@Command(name = "demo", description = "Log a scripted conversation through the real logger and show where it went.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to log (default: a new temporary directory).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Path dir = out != null ? out : Files.createTempDirectory("voicelog-demo-");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    Session call = log.startSession(null, Map.of("agent", "demo", "provider", "scripted"));
    long t0 = call.nanoTime();
    call.nextTurn();
    call.event(EventType.USER_SPEECH_START).at(t0 + ms(400)).log();
    call.event(EventType.USER_SPEECH_END).at(t0 + ms(2_100)).log();
    call.event(EventType.STT_START).at(t0 + ms(2_150)).log();
    call.event(EventType.STT_COMPLETE).at(t0 + ms(2_480)).put("transcript", "What's the weather in Lisbon?").log();
    call.event(EventType.LLM_REQUEST).at(t0 + ms(2_500)).put("model", "demo-llm").log();
    call.event(EventType.LLM_FIRST_TOKEN).at(t0 + ms(2_890)).log();
    call.event(EventType.TTS_START).at(t0 + ms(2_950)).put("voice", "alloy").log();
    call.event(EventType.TTS_FIRST_AUDIO).at(t0 + ms(3_160)).log();
    call.event(EventType.TTS_PLAYBACK_START).at(t0 + ms(3_200)).log();
    call.event(EventType.TTS_PLAYBACK_END).at(t0 + ms(5_000)).log();
    call.end();
    boolean complete = log.close(Duration.ofSeconds(5));
    PrintWriter w = spec.commandLine().getOut();
    for (Path f : Files.list(log.directory()).sorted().toList()) {
      w.println("wrote " + Files.readAllLines(f).size() + " events to " + f);
    }
    return complete ? Cli.OK : Cli.FAILED;
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
