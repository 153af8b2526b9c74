package dev.voicelog.tap.audiosocket;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Hearing;
import dev.voicelog.tap.testing.LockStep;
import dev.voicelog.tap.testing.AudioSocketWire;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.TcpServer;
import dev.voicelog.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A voice agent behind Asterisk's AudioSocket, on a real TCP server. It reads the call's frames, finds
 * where each utterance of the caller ends by itself (the last loud sample), and answers a known delay
 * later with a tone, paced in real time as AudioSocket agents must: one 20 ms frame for each frame it
 * hears. When the caller talks over it for a known time it stops (AudioSocket has no {@code clear}). It can
 * make the silent call's mistakes, or write broken frames. After each frame it handles it says how many
 * bytes it wrote back ({@link #ack()}), so a test can run in lock-step with a manual clock.
 */
final class SimulatedAudioSocketAgent implements AutoCloseable {
  enum Mistake { NONE, MULAW_AS_SLIN, ODD_FRAME_SIZES, SILENCE, SLOW, BROKEN_FRAMING, TRUNCATES }

  static final AudioFormat SLIN = AudioFormat.AUDIOSOCKET_SLIN;

  /** The call's audio: slin at one of AudioSocket's rates, in frames of that kind. */
  private final AudioFormat format;
  private final int audioKind;
  final TcpServer server;
  private final ManualClock clock;
  private final Mistake mistake;
  private final int replyDelayMs;
  private final int bargeInDelayMs;
  private final ArrayDeque<Integer> replies;
  private final LockStep lockStep = new LockStep();
  final List<Long> replySentNanos = new CopyOnWriteArrayList<>();
  final List<Long> stoppedNanos = new CopyOnWriteArrayList<>();
  /** Every byte the agent wrote, in order: the tap must deliver exactly these to Asterisk. */
  final ByteArrayOutputStream written = new ByteArrayOutputStream();
  volatile String uuid;
  /** Set when the agent has closed its side of the call. */
  volatile boolean hungUp;

  private double now;
  private final Hearing hearing = new Hearing();
  private double replyAtMs = -1;
  private final ArrayDeque<byte[]> speaking = new ArrayDeque<>();
  private int step;

  SimulatedAudioSocketAgent(ManualClock clock, Mistake mistake, int replyDelayMs, int bargeInDelayMs, List<Integer> replyMs) {
    this(clock, SLIN, mistake, replyDelayMs, bargeInDelayMs, replyMs);
  }

  SimulatedAudioSocketAgent(ManualClock clock, AudioFormat format, Mistake mistake, int replyDelayMs, int bargeInDelayMs,
      List<Integer> replyMs) {
    this.format = format;
    this.audioKind = format.audioSocketKind();
    this.clock = clock;
    this.mistake = mistake;
    this.replyDelayMs = replyDelayMs;
    this.bargeInDelayMs = bargeInDelayMs;
    this.replies = new ArrayDeque<>(replyMs);
    this.server = new TcpServer().onConnect(this::serve);
  }

  int port() {
    return server.port();
  }

  /** How much the agent sent back for the last message it got; waits up to 10 s for it. */
  int ack() {
    return lockStep.ack();
  }


  private void serve(TcpServer.Peer peer) {
    try {
      InputStream in = peer.socket.getInputStream();
      while (true) {
        byte[] header = in.readNBytes(3);
        if (header.length < 3) {
          peer.close();
          return;
        }
        byte[] payload = in.readNBytes(((header[1] & 0xff) << 8) | (header[2] & 0xff));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handle(header[0] & 0xff, payload, out);
        byte[] bytes = out.toByteArray();
        peer.socket.getOutputStream().write(bytes);
        synchronized (written) {
          written.writeBytes(bytes);
        }
        if (hungUp) {
          peer.close();
        }
        lockStep.handled(bytes.length);
        if (hungUp) {
          return;
        }
      }
    } catch (IOException e) {
      peer.close();
    }
  }

  static byte[] frame(int kind, byte[] payload) {
    return AudioSocketWire.frame(kind, payload);
  }

  private void handle(int kind, byte[] payload, ByteArrayOutputStream out) {
    if (kind == 0x01) {
      uuid = Kinds.uuid(payload, 0);
      if (mistake == Mistake.BROKEN_FRAMING) {
        out.writeBytes(frame(0x42, new byte[] {1, 2, 3, 4})); // a kind AudioSocket does not define
        out.writeBytes(frame(0x01, new byte[15])); // a UUID frame one byte short: no real frame has it
      }
      return;
    }
    if (kind != audioKind) {
      return;
    }
    double ended = hearing.hear(format.encoding().decode(payload), now, format.sampleRate());
    now += 20;
    step++;
    if (ended >= 0) {
      replyAtMs = ended + replyDelayMs;
    }
    if (hearing.inUtterance() && !speaking.isEmpty() && now >= hearing.utteranceStartMs() + bargeInDelayMs) {
      speaking.clear(); // the caller talks over the agent: it stops
      stoppedNanos.add(clock.nanoTime());
    }
    if (replyAtMs >= 0 && now >= replyAtMs && !replies.isEmpty()) {
      replyAtMs = -1;
      int ms = replies.removeFirst();
      for (int t = 0; t < ms; t += 20) {
        speaking.add(replyFrame());
      }
      replySentNanos.add(clock.nanoTime());
    }
    if (mistake == Mistake.SLOW && step % 3 != 0) {
      return; // 40 ms of audio every 60 ms
    }
    for (int i = 0; i < (mistake == Mistake.SLOW ? 2 : 1) && !speaking.isEmpty(); i++) {
      byte[] f = speaking.removeFirst();
      if (mistake == Mistake.TRUNCATES && speaking.isEmpty()) {
        out.writeBytes(java.util.Arrays.copyOf(frame(audioKind, f), 3 + 100)); // the header says 320, 100 follow, then it hangs up
        hungUp = true;
        return;
      }
      out.writeBytes(frame(audioKind, f));
    }
  }

  private byte[] replyFrame() {
    return switch (mistake) {
      case MULAW_AS_SLIN -> Signals.tone(AudioFormat.TWILIO_MULAW, 40, 300); // 320 bytes of mu-law where slin belongs
      case ODD_FRAME_SIZES -> java.util.Arrays.copyOf(Signals.tone(SLIN, 20, 700), 321);
      case SILENCE -> new byte[320];
      default -> Signals.tone(format, 20, 700);
    };
  }

  @Override
  public void close() {
    server.close();
  }
}
