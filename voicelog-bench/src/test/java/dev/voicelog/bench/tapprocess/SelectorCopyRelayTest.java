package dev.voicelog.bench.tapprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Java reference relay against a real upstream socket on 127.0.0.1. */
class SelectorCopyRelayTest {
  private static long copyThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("select-copy-") && !t.getName().equals("select-copy-accept")).count();
  }

  @Test
  @SuppressWarnings("try") // the client is closed inside its try: its end is what is tested
  void relaysBytesBothWaysFromOneThreadPerConnectionAndEndsWithEitherSide() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SelectorCopyRelay relay = new SelectorCopyRelay("127.0.0.1", upstream.getLocalPort())) {
      long before = copyThreads();
      try (Socket client = new Socket("127.0.0.1", relay.port()); Socket accepted = upstream.accept()) {
        byte[] ask = new byte[256 * 1024]; // more than the relay's buffer and the sockets' windows
        for (int i = 0; i < ask.length; i++) {
          ask[i] = (byte) (i * 31);
        }
        Thread writer = new Thread(() -> {
          try {
            client.getOutputStream().write(ask);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
        writer.start();
        assertThat(accepted.getInputStream().readNBytes(ask.length)).isEqualTo(ask);
        writer.join();
        byte[] answer = "answer".getBytes(StandardCharsets.US_ASCII);
        accepted.getOutputStream().write(answer);
        assertThat(client.getInputStream().readNBytes(answer.length)).isEqualTo(answer);
        assertThat(copyThreads() - before).as("one thread for both directions").isEqualTo(1);

        client.close();
        assertThat(accepted.getInputStream().read()).as("the upstream sees the client's end").isEqualTo(-1);
      }
    }
  }
}
