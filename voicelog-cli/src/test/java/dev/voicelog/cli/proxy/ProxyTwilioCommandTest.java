package dev.voicelog.cli.proxy;

import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.cli.Cli;
import dev.voicelog.cli.Main;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.tap.twilio.TwilioTap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;

class ProxyTwilioCommandTest {
  static final String CANARY = "tok_CANARYcli0123456789abcdefghij";
  static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
  static final AudioFormat ULAW = AudioFormat.TWILIO_MULAW;

  @TempDir Path dir;

  @Test
  void aCallThroughTheTapIsPrintedLoggedAndRecordedWithTheTokenNowhere() throws Exception {
    // an agent that answers the caller's 40th frame with half a second of tone and a mark
    AtomicInteger frames = new AtomicInteger();
    try (WsServer agent = new WsServer().onText((peer, text) -> {
      if (text.contains("\"event\":\"media\"") && frames.incrementAndGet() == 40) {
        byte[] reply = Signals.tone(ULAW, 500, 700);
        peer.send("{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"" + Base64Audio.encode(reply, 0, reply.length) + "\"}}");
        peer.send("{\"event\":\"mark\",\"streamSid\":\"" + SID + "\",\"mark\":{\"name\":\"reply\"}}");
      }
    })) {
      ConsoleText out = new ConsoleText();
      StringWriter err = new StringWriter();
      CommandLine cl = Cli.commandLine(new Main());
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("proxy", "twilio", "--listen", "127.0.0.1:0",
          "--upstream", agent.url("/media"), "--out", dir.toString()));
      ProxyTwilioCommand cmd = cl.getSubcommands().get("proxy").getSubcommands().get("twilio").getCommand();
      TwilioTap running = cmd.awaitRunning(Duration.ofSeconds(20));
      assertThat(running).as("tap started; stderr: %s", err).isNotNull();

      try (WsClient twilio = WsClient.connect("ws://127.0.0.1:" + running.port() + "/media", Map.of())) {
        twilio.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        twilio.send("{\"event\":\"start\",\"start\":{\"streamSid\":\"" + SID + "\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],"
            + "\"customParameters\":{\"token\":\"" + CANARY + "\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
            + "\"channels\":1}},\"streamSid\":\"" + SID + "\"}");
        long next = System.nanoTime();
        for (int k = 0; k < 75; k++) { // 1.5 s in real time: the caller speaks from 0.2 to 0.4 s
          byte[] frame = Signals.frame(ULAW, k * 20, 20, 440, at -> at >= 200 && at < 400);
          next += 20_000_000L;
          LockSupport.parkNanos(next - System.nanoTime());
          twilio.send("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + (k + 1) + "\",\"timestamp\":\"" + (k * 20)
              + "\",\"payload\":\"" + Base64Audio.encode(frame, 0, frame.length) + "\"},\"streamSid\":\"" + SID + "\"}");
        }
        twilio.send("{\"event\":\"stop\",\"streamSid\":\"" + SID + "\"}");
      }
      out.awaitContains("recording: ", Duration.ofSeconds(10)); // the console prints the call's end when the log writes it
      cmd.stop();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(Cli.OK);

      String console = out.toString();
      assertThat(console).contains("voicelog: Twilio Media Streams tap on ws://127.0.0.1:")
          .contains("Twilio stream " + SID + " of call CA1").contains("parameters {token=[secret]}")
          .contains("caller started speaking").contains("caller stopped speaking").contains("agent heard from here")
          .contains("agent sent mark 'reply'").containsPattern("turn 1: voice_to_voice \\d+\\.\\d{3} s")
          .contains("Twilio stopped the stream").contains("recording: " + dir.resolve("recordings").toAbsolutePath())
          .contains("proxy stopped;");
      assertThat(console + err).doesNotContain(CANARY);
      try (var files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(CANARY);
        }
      }

      StringWriter summary = new StringWriter();
      CommandLine sl = Cli.commandLine(new Main());
      sl.setOut(new PrintWriter(summary, true));
      assertThat(sl.execute("summary", dir.toString())).isEqualTo(Cli.OK);
      assertThat(summary.toString()).contains("voice_to_voice");
    }
  }

  /** What {@code voicelog proxy twilio ARGS --out DIR} says on stderr, which must be a usage error. */
  private String usageError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.commandLine(new Main());
    cl.setErr(new PrintWriter(err, true));
    List<String> line = new ArrayList<>(List.of("proxy", "twilio"));
    line.addAll(List.of(args));
    line.addAll(List.of("--out", dir.toString()));
    assertThat(cl.execute(line.toArray(new String[0]))).isEqualTo(Cli.USAGE);
    return err.toString();
  }

  @Test
  void theUpstreamIsRequiredAndMustBeAWebSocket() {
    assertThat(usageError("--listen", "0")).contains("--upstream");
    assertThat(usageError("--listen", "0", "--upstream", "http://agent/media"))
        .contains("--upstream: expected a ws:// or wss:// URI").doesNotContain("Exception");
  }

  @Test
  void aBadUpstreamIsQuotedWithoutItsPasswordOrToken() {
    assertThat(usageError("--listen", "0", "--upstream", "http://user:hunter22@agent/media?token=abc123"))
        .contains("--upstream: expected a ws:// or wss:// URI").contains("agent/media")
        .doesNotContain("hunter22").doesNotContain("abc123");
  }

  @Test
  void aBadListenSaysWhatAGoodOneLooksLikeForThisCommand() {
    assertThat(usageError("--listen", "http://0.0.0.0", "--upstream", "ws://127.0.0.1:1/media"))
        .contains("--listen: expected HOST:PORT (e.g. 127.0.0.1:8766), not a URL: got 'http://0.0.0.0'");
  }
}
