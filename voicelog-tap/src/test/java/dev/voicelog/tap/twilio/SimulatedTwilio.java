package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.testing.Signals;
import dev.voicelog.tap.testing.WsClient;
import dev.voicelog.testing.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Twilio's side of a bidirectional Media Stream, simulated on a real WebSocket client in lock-step with a
 * manual clock: every 20 ms the clock moves, Twilio sends the caller's frame (a tone where the script says
 * the caller speaks), waits until the agent has handled it and reads what came back: the agent's media
 * goes into a playout queue played in real time from its arrival, a mark is echoed when the audio before
 * it has played (checked at each 20 ms tick), {@code clear} empties the queue and echoes the marks at once.
 */
final class SimulatedTwilio implements AutoCloseable {
  static final AudioFormat ULAW = AudioFormat.TWILIO_MULAW;
  static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
  static final String CALL_SID = "CA1234567890abcdef1234567890abcdef";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WsClient ws;
  private final ManualClock clock;
  private final SimulatedAgent agent;
  private long sequence;
  private long chunk;
  private double nowMs;
  private double playEndMs;
  private final ArrayDeque<Object[]> marks = new ArrayDeque<>(); // {name, atMs}
  /** Everything the agent sent, as Twilio received it. */
  final List<JsonNode> fromAgent = new ArrayList<>();
  /** The clock reading at stream time 0: the tap maps the caller's timestamps onto the session clock from it. */
  long streamZeroNanos;
  /** Bytes of agent audio Twilio received. */
  long agentBytes;

  SimulatedTwilio(String tapUrl, ManualClock clock, SimulatedAgent agent) {
    this.ws = WsClient.connect(tapUrl, Map.of("X-Twilio-Signature", "c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ=="));
    this.clock = clock;
    this.agent = agent;
  }

  /** Sends one message and reads everything the agent sent back in answer. */
  void send(String json) {
    ws.send(json);
    int n = agent.ack();
    List<String> echoes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonNode m = parse((String) ws.next());
      fromAgent.add(m);
      switch (m.path("event").asText()) {
        case "media" -> {
          byte[] audio = Base64Audio.decode(m.path("media").path("payload").asText());
          agentBytes += audio.length;
          playEndMs = Math.max(playEndMs, nowMs) + audio.length / 8.0;
        }
        case "mark" -> marks.add(new Object[] {m.path("mark").path("name").asText(), Math.max(playEndMs, nowMs)});
        case "clear" -> {
          playEndMs = nowMs;
          while (!marks.isEmpty()) {
            echoes.add((String) marks.removeFirst()[0]);
          }
        }
        default -> { }
      }
    }
    for (String name : echoes) {
      send(mark(name));
    }
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String mark(String name) {
    return "{\"event\":\"mark\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + STREAM_SID
        + "\",\"mark\":{\"name\":\"" + name + "\"}}";
  }

  /** {@code connected} and {@code start}, with custom parameters. */
  void start(Map<String, String> parameters) {
    send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    StringBuilder params = new StringBuilder();
    parameters.forEach((k, v) -> params.append(params.length() == 0 ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
    send("{\"event\":\"start\",\"sequenceNumber\":\"" + (++sequence) + "\",\"start\":{\"accountSid\":\"AC0000\",\"streamSid\":\""
        + STREAM_SID + "\",\"callSid\":\"" + CALL_SID + "\",\"tracks\":[\"inbound\"],\"customParameters\":{" + params
        + "},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\"" + STREAM_SID + "\"}");
    streamZeroNanos = clock.nanoTime();
  }

  /**
   * {@code ms} of the call, 20 ms at a time: marks whose audio has played are echoed, then the caller's
   * frame goes out; {@code dtmfAtMs} (or -1) is when the caller presses 5.
   */
  void talk(int ms, double[][] speech, int dtmfAtMs) {
    for (int t = 0; t < ms; t += 20) {
      clock.advanceMillis(20);
      nowMs = t + 20;
      while (!marks.isEmpty() && (double) marks.peekFirst()[1] <= nowMs) {
        send(mark((String) marks.removeFirst()[0]));
      }
      if (t == dtmfAtMs) {
        send("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM_SID + "\",\"sequenceNumber\":\"" + (++sequence)
            + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}");
      }
      byte[] frame = Signals.frame(ULAW, t, 20, 440, at -> Signals.within(at, speech));
      send("{\"event\":\"media\",\"sequenceNumber\":\"" + (++sequence) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
          + (++chunk) + "\",\"timestamp\":\"" + t + "\",\"payload\":\"" + Base64Audio.encode(frame, 0, frame.length)
          + "\"},\"streamSid\":\"" + STREAM_SID + "\"}");
    }
  }

  /** {@code stop}, then the close. Returns the close the client got back. */
  void stop() {
    send("{\"event\":\"stop\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + STREAM_SID
        + "\",\"stop\":{\"accountSid\":\"AC0000\",\"callSid\":\"" + CALL_SID + "\"}}");
  }

  @Override
  public void close() {
    ws.close();
  }
}
