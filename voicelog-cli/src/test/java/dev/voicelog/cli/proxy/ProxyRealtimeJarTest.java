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
}
