package dev.voicelog.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.tap.realtime.ScriptedRealtimeServer;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.testing.LogFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar voicelog.jar proxy realtime} as a user runs it: the shaded jar, in its own process, a
 * real session through it, stopped with SIGTERM. Catches what the in-process tests cannot: a dependency
 * missing from the jar, a logging backend that prints on start, a shutdown that loses the log.
 */
class ProxyRealtimeJarTest {
  static final Path JAR = Path.of("target", "voicelog.jar");
  static final String CANARY = "sk-CANARYjar0123456789abcdefghijklmnop";

  @TempDir Path dir;

  @Test
  void theJarProxiesASessionAndStopsCleanlyOnSigterm() throws Exception {
    assertThat(JAR).as("built by mvn package").exists();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(List.of(new ScriptedRealtimeServer.Speech(100, 300)), 2, 100)) {
      Path err = dir.resolve("stderr.txt");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
          "proxy", "realtime", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:" + server.port() + "/v1/realtime",
          "--out", dir.resolve("log").toString()).redirectError(err.toFile()).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("stderr: %s", Files.exists(err) ? Files.readString(err) : "").startsWith("voicelog: Realtime proxy on ws://127.0.0.1:");
        Matcher m = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)").matcher(first);
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/v1/realtime?model=gpt-realtime",
            Map.of("Authorization", "Bearer " + CANARY), "realtime")) {
          String chunk = Base64.getEncoder().encodeToString(new byte[960]);
          for (int k = 0; k < 45; k++) {
            client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + chunk + "\"}");
          }
          while (!client.nextText().contains("\"response.done\"")) {
            // the session, up to the end of the response
          }
        }
        // The client has closed: wait until the proxy says so, or a SIGTERM could overtake the close frame.
        StringBuilder rest = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          rest.append(line).append('\n');
          if (line.contains("closed by client")) {
            break;
          }
        }
        // SIGTERM, as a service manager stops it (Process.destroy would also close our end of its stdout)
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor()).isZero();
        for (String line; (line = out.readLine()) != null; ) {
          rest.append(line).append('\n');
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.toString()).contains("user stopped speaking").contains("closed by client").contains("proxy stopped;");
        assertThat(p.exitValue()).as("every event written: 0, not the signal's 143").isZero();
      } finally {
        p.destroyForcibly();
      }
      assertThat(Files.readString(err)).as("nothing on stderr").isEmpty();
      List<String> lines = LogFiles.lines(dir.resolve("log"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"response.output_audio.delta\""));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"SESSION_END\""));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"RECORDING_SAVED\""));
      assertThat(String.join("\n", lines)).doesNotContain(CANARY);
    }
  }

  /**
   * The proxies read {@code VOICELOG_*} as the library does: a log switched off is refused at start with one
   * line saying why (it would proxy and log nothing), and a bad value names its variable; neither makes a file.
   */
  @Test
  void theEnvironmentReachesTheProxy() throws Exception {
    Path out = dir.resolve("log");
    Run off = jar(Map.of("VOICELOG_ENABLED", "false"), "proxy", "realtime", "--listen", "127.0.0.1:0", "--out", out.toString());
    assertThat(off.exit).as(off.toString()).isEqualTo(2);
    assertThat(off.err).as(off.toString()).isEqualTo("voicelog: VOICELOG_ENABLED is false: a proxy that logs nothing has no use; unset it\n");
    Run bad = jar(Map.of("VOICELOG_OVERFLOW", "sometimes"), "proxy", "twilio", "--listen", "127.0.0.1:0",
        "--upstream", "ws://127.0.0.1:9/media", "--out", out.toString());
    assertThat(bad.exit).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err).as(bad.toString()).startsWith("voicelog: VOICELOG_OVERFLOW").contains("sometimes").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  private record Run(int exit, String out, String err) {}

  /** The jar with these variables added to this JVM's environment; its output once it has exited. */
  private Run jar(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(dir, "out", ".txt");
    Path stderr = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
