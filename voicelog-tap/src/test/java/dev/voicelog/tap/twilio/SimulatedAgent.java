package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Hearing;
import dev.voicelog.tap.testing.LockStep;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.WsServer;
import dev.voicelog.testing.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A voice agent behind a Twilio Media Stream, on a real WebSocket server: it hears the caller's audio,
 * finds where each utterance ends by itself (the last loud sample), and answers a known delay later with
 * a tone reply sent at once (faster than real time, as agents do) and a mark. When the caller talks over a
 * reply for a known time it sends {@code clear}. It can make one of the mistakes of seeds/004's silent
 * call. After handling each message it says how many it sent back ({@link #ack()}), so a test can run in
 * lock-step with a manual clock.
 */
final class SimulatedAgent implements AutoCloseable {
  /** What the agent gets wrong. */
  enum Mistake { NONE, MEDIA_BEFORE_START, WRONG_STREAM_SID, PCM_AS_MULAW, ODD_FRAME_SIZES, SILENCE, SLOW }

  static final AudioFormat ULAW = AudioFormat.TWILIO_MULAW;

  private static final ObjectMapper JSON = new ObjectMapper();
  final WsServer server;
  private final ManualClock clock;
  private final Mistake mistake;
  private final int replyDelayMs;
  private final int bargeInDelayMs;
  private final ArrayDeque<Integer> replies;
  private final LockStep lockStep = new LockStep();
  /** Clock readings (session clock) at which each reply's first frame was sent. */
  final List<Long> replySentNanos = new CopyOnWriteArrayList<>();
  /** Clock readings at which each clear was sent. */
  final List<Long> clearSentNanos = new CopyOnWriteArrayList<>();

  private String streamSid;
  private final Hearing hearing = new Hearing();
  private double clearedFor = -1;
  private double replyAtMs = -1;
  private double playsUntilMs;
  private int sent;
  private int replyNumber;
  private final ArrayDeque<byte[]> slowQueue = new ArrayDeque<>();
  private int slowStep;

  SimulatedAgent(ManualClock clock, Mistake mistake, int replyDelayMs, int bargeInDelayMs, List<Integer> replyMs) {
    this.clock = clock;
    this.mistake = mistake;
    this.replyDelayMs = replyDelayMs;
    this.bargeInDelayMs = bargeInDelayMs;
    this.replies = new ArrayDeque<>(replyMs);
    this.server = new WsServer().onText((peer, text) -> {
      sent = 0;
      handle(peer, text);
      lockStep.handled(sent);
    });
  }

  String url() {
    return server.url("/media");
  }

  /** How much the agent sent back for the last message it got; waits up to 10 s for it. */
  int ack() {
    return lockStep.ack();
  }


  private void send(WsServer.Peer peer, String json) {
    peer.send(json);
    sent++;
  }

  private void handle(WsServer.Peer peer, String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (Exception e) {
      return; // not JSON: an agent ignores it
    }
    switch (m.path("event").asText()) {
      case "connected" -> {
        if (mistake == Mistake.MEDIA_BEFORE_START) {
          for (int i = 0; i < 5; i++) {
            send(peer, media(null, Signals.tone(ULAW, 20, 700)));
          }
        }
      }
      case "start" -> streamSid = m.path("start").path("streamSid").asText();
      case "media" -> heard(peer, m);
      default -> { }
    }
  }

  private void heard(WsServer.Peer peer, JsonNode m) {
    long ts = Long.parseLong(m.path("media").path("timestamp").asText());
    short[] audio = ULAW.encoding().decode(Base64Audio.decode(m.path("media").path("payload").asText()));
    double ended = hearing.hear(audio, ts, 8_000);
    double now = ts + 20;
    if (ended >= 0) {
      replyAtMs = ended + replyDelayMs;
    }
    if (hearing.inUtterance() && clearedFor != hearing.utteranceStartMs() && playsUntilMs > now
        && now >= hearing.utteranceStartMs() + bargeInDelayMs) {
      clearedFor = hearing.utteranceStartMs();
      playsUntilMs = now;
      clearSentNanos.add(clock.nanoTime());
      send(peer, "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
    }
    if (replyAtMs >= 0 && now >= replyAtMs && !replies.isEmpty()) {
      replyAtMs = -1;
      reply(peer, replies.removeFirst(), now);
    }
    if (mistake == Mistake.SLOW && !slowQueue.isEmpty() && slowStep++ % 3 == 0) {
      for (int i = 0; i < 2 && !slowQueue.isEmpty(); i++) { // 40 ms of audio every 60 ms
        send(peer, media(streamSid, slowQueue.removeFirst()));
      }
    }
  }

  private void reply(WsServer.Peer peer, int ms, double now) {
    replyNumber++;
    replySentNanos.add(clock.nanoTime());
    playsUntilMs = Math.max(now, playsUntilMs) + ms;
    byte[] audio = switch (mistake) {
      case PCM_AS_MULAW -> Signals.tone(AudioFormat.AUDIOSOCKET_SLIN, ms, 300); // seeds/004: PCM16 where mu-law belongs
      case SILENCE -> new byte[ms * 8]; // 0x00: PCM silence sent as mu-law
      default -> Signals.tone(ULAW, ms, 700);
    };
    int frame = switch (mistake) {
      case PCM_AS_MULAW -> 320;
      case ODD_FRAME_SIZES -> 333;
      default -> 160;
    };
    String sid = mistake == Mistake.WRONG_STREAM_SID ? "MZ00000000000000000000000000wrong" : streamSid;
    List<byte[]> frames = new ArrayList<>();
    for (int off = 0; off < audio.length; off += frame) {
      frames.add(java.util.Arrays.copyOfRange(audio, off, Math.min(audio.length, off + frame)));
    }
    if (mistake == Mistake.SLOW) {
      slowQueue.addAll(frames);
      slowStep = 0;
      return;
    }
    for (byte[] f : frames) {
      send(peer, media(sid, f));
    }
    send(peer, "{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{\"name\":\"reply-" + replyNumber + "\"}}");
  }

  private static String media(String sid, byte[] payload) {
    return "{\"event\":\"media\"," + (sid == null ? "" : "\"streamSid\":\"" + sid + "\",") + "\"media\":{\"payload\":\""
        + Base64Audio.encode(payload, 0, payload.length) + "\"}}";
  }

  @Override
  public void close() {
    server.close();
  }
}
