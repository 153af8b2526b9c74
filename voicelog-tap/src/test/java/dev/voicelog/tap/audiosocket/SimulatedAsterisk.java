package dev.voicelog.tap.audiosocket;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Asterisk's side of an AudioSocket call, simulated on a real TCP socket in lock-step with a manual clock:
 * it sends the call's UUID, then every 20 ms the clock moves and it sends the caller's frame (slin, 8 kHz
 * unless told another of AudioSocket's rates; a tone where the script says the caller speaks), waits until the agent has handled it, and reads the bytes
 * the agent wrote back.
 */
final class SimulatedAsterisk implements AutoCloseable {
  static final AudioFormat SLIN = AudioFormat.AUDIOSOCKET_SLIN;
  static final String UUID = "40325ec2-5efd-4bd3-805f-53576e581d13";

  private final Socket socket;
  private final AudioFormat format;
  private final ManualClock clock;
  private final SimulatedAudioSocketAgent agent;
  /** Every byte Asterisk received from the agent through the tap. */
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  long streamZeroNanos;

  SimulatedAsterisk(int tapPort, ManualClock clock, SimulatedAudioSocketAgent agent) throws IOException {
    this(tapPort, SLIN, clock, agent);
  }

  /** A call whose audio is {@code format}: slin at one of AudioSocket's rates (kinds 0x10 to 0x18). */
  SimulatedAsterisk(int tapPort, AudioFormat format, ManualClock clock, SimulatedAudioSocketAgent agent) throws IOException {
    this.format = format;
    this.socket = new Socket(InetAddress.getByName("127.0.0.1"), tapPort);
    socket.setTcpNoDelay(true);
    this.clock = clock;
    this.agent = agent;
  }

  void send(byte[] frame) throws IOException {
    socket.getOutputStream().write(frame);
    int n = agent.ack();
    received.writeBytes(TcpServer.readExactly(socket, n));
  }

  void start() throws IOException {
    byte[] uuid = new byte[16];
    String hex = UUID.replace("-", "");
    for (int i = 0; i < 16; i++) {
      uuid[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    send(SimulatedAudioSocketAgent.frame(0x01, uuid));
    streamZeroNanos = clock.nanoTime();
  }

  /** {@code ms} of the call; the caller presses {@code digit} at {@code dtmfAtMs} (or never, with -1). Stops if the agent hangs up. */
  void talk(int ms, double[][] speech, int dtmfAtMs) throws IOException {
    for (int t = 0; t < ms && !agent.hungUp; t += 20) {
      clock.advanceMillis(20);
      if (t == dtmfAtMs) {
        send(SimulatedAudioSocketAgent.frame(0x03, new byte[] {'7'}));
      }
      send(SimulatedAudioSocketAgent.frame(format.audioSocketKind(), Signals.frame(format, t, 20, 440, at -> Signals.within(at, speech))));
    }
  }

  /** Asterisk hangs up (closes its side and reads what is left), unless the agent already did. */
  void hangUp() throws IOException {
    socket.setSoTimeout(10_000);
    if (agent.hungUp) {
      // the agent went first: the tap ends Asterisk's side too; read to that end before closing ours
      received.writeBytes(socket.getInputStream().readAllBytes());
      socket.shutdownOutput();
      return;
    }
    socket.shutdownOutput();
    received.writeBytes(socket.getInputStream().readAllBytes());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
