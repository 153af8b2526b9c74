package dev.voicelog.bench.tapprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference relay against a real upstream socket on 127.0.0.1 (socat from .ci/apt-packages). */
class SocatRelayTest {
  @Test
  void relaysBytesBothWaysThroughOneForkedProcessPerConnection() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        SocatRelay relay = new SocatRelay(upstream.getLocalPort())) {
      assertThat(relay.port()).isNotEqualTo(upstream.getLocalPort()).isPositive();
      relay.cpu().mark();
      try (Socket client = new Socket("127.0.0.1", relay.port()); Socket accepted = upstream.accept()) {
        byte[] ask = new byte[64 * 1024];
        for (int i = 0; i < ask.length; i++) {
          ask[i] = (byte) i;
        }
        client.getOutputStream().write(ask);
        assertThat(accepted.getInputStream().readNBytes(ask.length)).isEqualTo(ask);
        byte[] answer = "answer".getBytes(StandardCharsets.US_ASCII);
        accepted.getOutputStream().write(answer);
        assertThat(client.getInputStream().readNBytes(answer.length)).isEqualTo(answer);
        assertThat(relay.process().descendants().count()).as("one forked process per connection").isEqualTo(1);
      }
      CpuUse used = relay.cpu().sinceMark();
      assertThat(used.cpuNanos()).isNotNegative();
      assertThat(used.wallNanos()).isPositive();
    }
  }

  @Test
  void aMissingProgramIsAClearError() {
    assertThatThrownBy(() -> new SocatRelay(List.of("/nonexistent/socat"), 9))
        .isInstanceOf(IOException.class).hasMessageContaining("apt-get install socat");
  }

  @Test
  void aProgramThatNeverListensIsAClearError() {
    assertThatThrownBy(() -> new SocatRelay(List.of("sh", "-c", "echo 'E cannot bind' >&2", "socat"), 9))
        .isInstanceOf(IOException.class).hasMessageContaining("did not say where it listens").hasMessageContaining("E cannot bind");
  }
}
