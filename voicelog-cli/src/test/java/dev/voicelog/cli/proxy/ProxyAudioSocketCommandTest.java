package dev.voicelog.cli.proxy;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.cli.Cli;
import dev.voicelog.cli.Main;
import dev.voicelog.tap.audiosocket.AudioSocketTap;
import dev.voicelog.tap.testing.AudioSocketWire;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.TcpServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;

class ProxyAudioSocketCommandTest {
  static final AudioFormat SLIN = AudioFormat.AUDIOSOCKET_SLIN;

  @TempDir Path dir;

  static byte[] frame(int kind, byte[] payload) {
    return AudioSocketWire.frame(kind, payload);
  }

  /** An agent that answers the caller's 40th frame with half a second of tone, paced with the caller's frames. */
  private static void agent(TcpServer.Peer peer) {
    try (peer) {
      InputStream in = peer.socket.getInputStream();
      int heard = 0;
      int toSend = 0;
      while (true) {
        byte[] header = in.readNBytes(3);
        if (header.length < 3) {
          return;
        }
        in.readNBytes(((header[1] & 0xff) << 8) | (header[2] & 0xff));
        if (header[0] == 0x10 && ++heard == 40) {
          toSend = 25;
        }
        if (header[0] == 0x10 && toSend > 0) {
          toSend--;
          peer.write(frame(0x10, Signals.tone(SLIN, 20, 700)));
        }
      }
    } catch (java.io.IOException e) {
      // the call ended
    }
  }

  @Test
  void aCallThroughTheTapIsPrintedLoggedAndRecordedUnderItsUuid() throws Exception {
    try (TcpServer agent = new TcpServer().onConnect(ProxyAudioSocketCommandTest::agent)) {
      ConsoleText out = new ConsoleText();
      StringWriter err = new StringWriter();
      CommandLine cl = Cli.commandLine(new Main());
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("proxy", "audiosocket", "--listen", "127.0.0.1:0",
          "--upstream", "127.0.0.1:" + agent.port(), "--out", dir.toString()));
      ProxyAudioSocketCommand cmd = cl.getSubcommands().get("proxy").getSubcommands().get("audiosocket").getCommand();
      AudioSocketTap running = cmd.awaitRunning(Duration.ofSeconds(20));
      assertThat(running).as("tap started; stderr: %s", err).isNotNull();

      try (Socket asterisk = new Socket(InetAddress.getByName("127.0.0.1"), running.port())) {
        byte[] uuid = new byte[16];
        for (int i = 0; i < 16; i++) {
          uuid[i] = (byte) (0x40 + i);
        }
        asterisk.getOutputStream().write(frame(0x01, uuid));
        long next = System.nanoTime();
        for (int k = 0; k < 75; k++) {
          next += 20_000_000L;
          LockSupport.parkNanos(next - System.nanoTime());
          asterisk.getOutputStream().write(frame(0x10, Signals.frame(SLIN, k * 20, 20, 440, at -> at >= 200 && at < 400)));
        }
        asterisk.getOutputStream().write(frame(0x03, new byte[] {'#'}));
        TcpServer.readExactly(asterisk, 25 * 323);
        asterisk.shutdownOutput();
        asterisk.setSoTimeout(10_000);
        asterisk.getInputStream().readAllBytes();
      }
      out.awaitContains("recording: ", Duration.ofSeconds(10)); // the console prints the call's end when the log writes it
      cmd.stop();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(Cli.OK);
      String id = "40414243-4445-4647-4849-4a4b4c4d4e4f";
      assertThat(out.toString()).contains("voicelog: AudioSocket tap on 127.0.0.1:").contains("[" + id + "]")
          .contains("AudioSocket call " + id).contains("caller pressed #").contains("agent heard from here")
          .containsPattern("turn 1: voice_to_voice \\d+\\.\\d{3} s").contains("recording: " + dir.resolve("recordings").resolve(id + ".wav"));
    }
  }

  /** Runs {@code voicelog proxy audiosocket --listen 0 ARGS}, expects a usage error, and returns what it printed. */
  private String usageError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.commandLine(new Main());
    cl.setErr(new PrintWriter(err, true));
    List<String> line = new ArrayList<>(List.of("proxy", "audiosocket", "--listen", "0", "--out", dir.toString()));
    line.addAll(List.of(args));
    assertThat(cl.execute(line.toArray(new String[0]))).isEqualTo(Cli.USAGE);
    return err.toString();
  }

  @Test
  void aBadUpstreamIsAUsageError() {
    assertThat(usageError("--upstream", "agent:http")).contains("--upstream: expected HOST:PORT").doesNotContain("Exception");
  }

  @Test
  void aBadAddressIsQuotedWithoutItsPassword() {
    assertThat(usageError("--upstream", "ws://user:hunter22@agent:1")).contains("not a URL").doesNotContain("hunter22");
    assertThat(usageError("--listen", "user:hunter22@0.0.0.0:70000")).contains("--listen").doesNotContain("hunter22");
  }

  @Test
  void aUrlGivenForHostAndPortIsAUsageError() {
    assertThat(usageError("--upstream", "ws://127.0.0.1:1"))
        .contains("--upstream: expected HOST:PORT (e.g. 127.0.0.1:9092), not a URL: got 'ws://127.0.0.1:1'");
  }

  @Test
  void anUpstreamPortOutsideOneTo65535IsAUsageErrorThatSaysSo() {
    // 0 said "1 to 65535" and 70000 "0 to 65535": the range an upstream port has, said the same way for both
    for (String port : List.of("0", "70000", "-5")) {
      assertThat(usageError("--upstream", "127.0.0.1:" + port)).contains("--upstream: port must be 1 to 65535, got " + port);
    }
  }
}
