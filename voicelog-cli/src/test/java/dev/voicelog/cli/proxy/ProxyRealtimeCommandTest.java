package dev.voicelog.cli.proxy;

import dev.voicelog.cli.Cli;
import dev.voicelog.cli.Main;
import dev.voicelog.tap.realtime.RealtimeProxy;
import dev.voicelog.tap.realtime.ScriptedRealtimeServer;
import dev.voicelog.tap.testing.RefusingUpstream;
import dev.voicelog.tap.testing.WsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;

class ProxyRealtimeCommandTest {
  static final String CANARY = "sk-CANARYcli0123456789abcdefghijklmnop";

  @TempDir Path dir;

  /** Runs {@code voicelog proxy realtime ...} on a thread; returns the command and its exit code's future. */
  private static CompletableFuture<Integer> run(CommandLine cl, String... args) {
    return CompletableFuture.supplyAsync(() -> cl.execute(args));
  }

  /** A started {@code voicelog proxy realtime}: its console, its stderr, the command and its exit code. */
  private record Started(ConsoleText out, StringWriter err, ProxyRealtimeCommand cmd, CompletableFuture<Integer> exit,
      RealtimeProxy proxy) {}

  /** Starts {@code voicelog proxy realtime ARGS} on a thread and waits until it listens. */
  private static Started start(String... args) throws Exception {
    ConsoleText out = new ConsoleText();
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.commandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "proxy";
    all[1] = "realtime";
    System.arraycopy(args, 0, all, 2, args.length);
    CompletableFuture<Integer> exit = run(cl, all);
    ProxyRealtimeCommand cmd = cl.getSubcommands().get("proxy").getSubcommands().get("realtime").getCommand();
    RealtimeProxy running = cmd.awaitRunning(Duration.ofSeconds(20));
    assertThat(running).as("proxy started; stderr: %s", err).isNotNull();
    return new Started(out, err, cmd, exit, running);
  }

  @Test
  void proxiesASessionPrintsWhatHappensAndKeepsTheKeyOutOfEverything() throws Exception {
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(List.of(new ScriptedRealtimeServer.Speech(100, 300)), 3, 100)) {
      Started p = start("--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:" + server.port() + "/v1/realtime",
          "--out", dir.toString());
      ConsoleText out = p.out();
      StringWriter err = p.err();
      ProxyRealtimeCommand cmd = p.cmd();
      CompletableFuture<Integer> exit = p.exit();
      int port = p.proxy().port();

      try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/v1/realtime?model=gpt-realtime",
          Map.of("Authorization", "Bearer " + CANARY), "realtime", "openai-insecure-api-key." + CANARY)) {
        String chunk = Base64.getEncoder().encodeToString(new byte[960]);
        for (int k = 0; k < 45; k++) {
          client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + chunk + "\"}");
        }
        while (!client.nextText().contains("\"response.done\"")) {
          // reading the session up to the end of the response
        }
      }
      out.awaitContains("closed by client", Duration.ofSeconds(10)); // the console prints the call's end when the log writes it
      cmd.stop();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(Cli.OK);

      String console = out.toString();
      assertThat(console)
          .contains("point your client's base URL at ws://127.0.0.1:" + port + "/v1")
          .contains("connected: client 127.0.0.1:")
          .contains("session: model gpt-realtime, voice alloy, input 16-bit PCM little-endian, 24000 Hz, "
              + "output 16-bit PCM little-endian, 24000 Hz, "
              + "turn detection server_vad (threshold 0.5, prefix 300 ms, silence 500 ms), transcription off")
          .contains("user started speaking")
          .contains("user stopped speaking (the server said so at")
          .contains("user: " + ScriptedRealtimeServer.USER_TRANSCRIPT)
          .contains("assistant: " + ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT)
          .contains("closed by client")
          .contains("input:  16-bit PCM little-endian, 24000 Hz, 45 chunks, 43200 bytes, 0.90 s")
          .contains("output: 16-bit PCM little-endian, 24000 Hz, 3 chunks, 14400 bytes, 0.30 s")
          .containsPattern("turn 1: voice_to_voice \\d+\\.\\d{3} s")
          .containsPattern("turns: 1 \\(voice_to_voice \\d+\\.\\d{3} s\\), responses: 1, errors: 0")
          .contains("recording: " + dir.resolve("recordings").toAbsolutePath())
          .contains("proxy stopped;");
      assertThat(dir.resolve("recordings")).isDirectoryContaining("glob:**.wav");
      assertThat(console + err).doesNotContain(CANARY);

      // voicelog summary on what the proxy wrote: the Realtime section and the turn's metrics
      StringWriter summary = new StringWriter();
      CommandLine sl = Cli.commandLine(new Main());
      sl.setOut(new PrintWriter(summary, true));
      sl.setErr(new PrintWriter(summary, true));
      assertThat(sl.execute("summary", dir.toString())).isEqualTo(Cli.OK);
      assertThat(summary.toString())
          .contains("Realtime API (ga): model gpt-realtime, voice alloy")
          .contains("assistant: " + ScriptedRealtimeServer.ASSISTANT_TRANSCRIPT)
          .contains("resp_1 completed: input 200 (text 120, audio 80, cached 64)")
          .contains("turn 1")
          .contains("voice_to_voice")
          .doesNotContain(CANARY);
      try (var files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
        }
      }
    }
  }

  @Test
  void aRefusedHandshakeIsPrintedWithTheApisOwnReasonAndNoKey() throws Exception {
    try (RefusingUpstream api = new RefusingUpstream(CANARY)) {
      Started p = start("--listen", "127.0.0.1:0", "--upstream", api.url("/v1/realtime"), "--out", dir.toString(),
          "--no-record");
      try (WsClient client = WsClient.connect("ws://127.0.0.1:" + p.proxy().port() + "/v1/realtime?model=gpt-realtime",
          Map.of("Authorization", "Bearer " + CANARY))) {
        assertThat(client.awaitClose()).isEqualTo("1014 upstream refused the WebSocket handshake: HTTP 401");
      }
      p.out().awaitContains("Incorrect API key provided", Duration.ofSeconds(10));
      p.cmd().stop();
      assertThat(p.exit().get(20, TimeUnit.SECONDS)).isEqualTo(Cli.OK);
      assertThat(p.out().toString()).contains("error (upstream): upstream refused the WebSocket handshake: HTTP 401: "
          + "{\"error\":{\"message\":\"Incorrect API key provided: [secret].\"");
      assertThat(p.out() + p.err().toString()).doesNotContain(CANARY);
    }
  }

  @Test
  void quietPrintsOnlyTheAddress() throws Exception {
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(List.of(), 1, 100)) {
      Started p = start("--quiet", "--no-record", "--listen", "0",
          "--upstream", "ws://127.0.0.1:" + server.port() + "/v1/realtime", "--out", dir.toString());
      try (WsClient client = WsClient.connect("ws://127.0.0.1:" + p.proxy().port() + "/v1/realtime", Map.of())) {
        client.nextText();
      }
      p.cmd().stop();
      assertThat(p.exit().get(20, TimeUnit.SECONDS)).isEqualTo(Cli.OK);
      assertThat(p.out().toString()).doesNotContain("connected:").doesNotContain("session: model").contains("Realtime proxy on");
      assertThat(dir.resolve("recordings")).doesNotExist();
    }
  }

  @Test
  void badListenAddressIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.commandLine(new Main());
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("proxy", "realtime", "--listen", "localhost:http", "--out", dir.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("--listen: expected HOST:PORT").doesNotContain("Exception");
  }

  @Test
  void upstreamMustBeAWebSocketUri() {
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.commandLine(new Main());
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("proxy", "realtime", "--listen", "0", "--upstream", "https://api.openai.com/v1/realtime?api_key=" + CANARY,
        "--out", dir.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("--upstream: expected a ws:// or wss:// URI").doesNotContain(CANARY);
  }

  @Test
  void portInUseIsAUsageError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      StringWriter err = new StringWriter();
      CommandLine cl = Cli.commandLine(new Main());
      cl.setErr(new PrintWriter(err, true));
      assertThat(cl.execute("proxy", "realtime", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--out", dir.toString()))
          .isEqualTo(Cli.USAGE);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void anOutThatIsAFileIsAUsageErrorBeforeTheProxyStarts() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("notes.jsonl"), "mine\n");
    StringWriter err = new StringWriter();
    assertThat(refusedUpstreamRun(err, "--out", file.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("cannot put the log in " + file + ": it is a file, not a directory")
        .doesNotContain("Exception");
    assertThat(java.nio.file.Files.readString(file)).isEqualTo("mine\n");
  }

  @Test
  void aRecordDirThatIsAFileIsAUsageErrorBeforeTheProxyStarts() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("take.wav"), "mine");
    StringWriter err = new StringWriter();
    assertThat(refusedUpstreamRun(err, "--out", dir.resolve("logs").toString(), "--record", file.toString()))
        .isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("cannot put the recordings in " + file).doesNotContain("Exception");
  }

  /** {@code voicelog proxy realtime} on any free port towards a closed one, with {@code options}; its exit code. */
  private static int refusedUpstreamRun(StringWriter err, String... options) {
    CommandLine cl = Cli.commandLine(new Main());
    cl.setErr(new PrintWriter(err, true));
    List<String> args = new java.util.ArrayList<>(List.of("proxy", "realtime", "--listen", "127.0.0.1:0", "--upstream",
        "ws://127.0.0.1:1/v1"));
    args.addAll(List.of(options));
    return cl.execute(args.toArray(String[]::new));
  }
}
