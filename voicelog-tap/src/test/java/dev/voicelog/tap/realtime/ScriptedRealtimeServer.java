package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.tap.testing.WsServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local Realtime server that plays a session the way the API does, on a real WebSocket: GA event names
 * and session shape by default, beta names when the client asks for the beta ({@code OpenAI-Beta:
 * realtime=v1} or the {@code openai-beta.realtime-v1} subprotocol). Its "VAD" is a script over audio
 * positions: the user speaks in the given spans of the appended audio, and the server sends
 * {@code speech_started} once it has 100 ms of a span and {@code speech_stopped} once it has the configured
 * silence after it, with {@code audio_start_ms} / {@code audio_end_ms} including the padding and silence
 * exactly as the API documents. Each stop is answered with a response of audio deltas and a transcript.
 * {@code conversation.item.truncate} is answered with {@code truncated}, {@code response.cancel} with no
 * response in progress with an error, and anything it cannot parse with an error.
 *
 * <p>After handling each client message it puts the number of messages it has sent so far on
 * {@link #acks}, so a test can step in lock-step with it.
 */
public final class ScriptedRealtimeServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** An event's fields as the map {@code RealtimeSummary.accept} takes. */
  static Map<String, Object> fields(JsonNode event) {
    return JSON.convertValue(event, new TypeReference<Map<String, Object>>() {});
  }
  static final int DETECT_AFTER_MS = 100;
  public static final String USER_TRANSCRIPT = "What's the weather in Lisbon?";
  public static final String ASSISTANT_TRANSCRIPT = "It is sunny in Lisbon today.";

  /** A span of user speech in input-audio milliseconds. */
  public record Speech(double startMs, double endMs) {}

  public final WsServer ws;
  final List<Speech> speech;
  final int responseDeltas;
  final double deltaMs;
  final BlockingQueue<Integer> acks = new LinkedBlockingQueue<>();
  /** Every client message the server received, as text. */
  public final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Every message the server sent, in order. */
  public final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** When above 0, a session.updated is sent only after this many more appends (a server slow to confirm). */
  volatile int confirmUpdatesAfterAppends;

  private int appendsUntilConfirmation = -1;

  // state of the (one) session being played
  private boolean beta;
  private ObjectNode session;
  private double positionMs;
  private int next;
  private boolean speaking;
  private int ids;

  public ScriptedRealtimeServer(List<Speech> speech, int responseDeltas, double deltaMs) {
    this.speech = List.copyOf(speech);
    this.responseDeltas = responseDeltas;
    this.deltaMs = deltaMs;
    this.ws = new WsServer()
        .subprotocols(offered -> offered.contains("realtime") ? "realtime" : null)
        .onConnect(this::connected)
        .onText(this::handle);
  }

  public int port() {
    return ws.port();
  }

  private synchronized void connected(WsServer.Peer peer) {
    WsServer.Handshake hs = peer.handshake;
    beta = "realtime=v1".equals(hs.header("OpenAI-Beta")) || hs.subprotocols().contains("openai-beta.realtime-v1");
    session = beta ? betaSession() : gaSession();
    send(peer, event("session.created").set("session", session.deepCopy()));
  }

  private synchronized void handle(WsServer.Peer peer, String text) {
    received.add(text);
    try {
      JsonNode msg;
      try {
        msg = JSON.readTree(text);
      } catch (Exception e) {
        msg = null;
      }
      if (msg == null || !msg.isObject()) {
        error(peer, "invalid_request_error", "invalid_json", "The server could not parse the event.", null);
        return;
      }
      String type = msg.path("type").asText();
      String eventId = msg.path("event_id").asText(null);
      switch (type) {
        case "session.update" -> {
          merge(session, (ObjectNode) msg.get("session"));
          if (confirmUpdatesAfterAppends > 0) {
            appendsUntilConfirmation = confirmUpdatesAfterAppends;
          } else {
            send(peer, event("session.updated").set("session", session.deepCopy()));
          }
        }
        case "input_audio_buffer.append" -> {
          if (appendsUntilConfirmation > 0 && --appendsUntilConfirmation == 0) {
            send(peer, event("session.updated").set("session", session.deepCopy()));
          }
          int bytes = Base64.getDecoder().decode(msg.path("audio").asText()).length;
          positionMs += bytes * 1000.0 / (beta ? betaBytesPerSecond() : 48_000.0);
          vad(peer);
        }
        case "conversation.item.truncate" -> send(peer, event("conversation.item.truncated")
            .put("item_id", msg.path("item_id").asText()).put("content_index", msg.path("content_index").asInt())
            .put("audio_end_ms", msg.path("audio_end_ms").asInt()));
        case "response.cancel" -> error(peer, "invalid_request_error", "response_cancel_not_active",
            "Cancellation failed: no active response found.", eventId);
        default -> error(peer, "invalid_request_error", "invalid_value", "Invalid value: '" + type + "'.", eventId);
      }
    } finally {
      acks.add(sent.size());
    }
  }

  private double betaBytesPerSecond() {
    String f = session.path("input_audio_format").asText("pcm16");
    return f.equals("pcm16") ? 48_000.0 : 8_000.0;
  }

  private JsonNode turnDetection() {
    return beta ? session.path("turn_detection") : session.path("audio").path("input").path("turn_detection");
  }

  private void vad(WsServer.Peer peer) {
    if (next >= speech.size()) {
      return;
    }
    Speech s = speech.get(next);
    int prefix = turnDetection().path("prefix_padding_ms").asInt();
    int silence = turnDetection().path("silence_duration_ms").asInt();
    String itemId = "item_user_" + next;
    if (!speaking && positionMs >= s.startMs() + DETECT_AFTER_MS) {
      speaking = true;
      send(peer, event("input_audio_buffer.speech_started").put("audio_start_ms", (int) (s.startMs() - prefix))
          .put("item_id", itemId));
    }
    if (speaking && positionMs >= s.endMs() + silence) {
      speaking = false;
      next++;
      send(peer, event("input_audio_buffer.speech_stopped").put("audio_end_ms", (int) (s.endMs() + silence))
          .put("item_id", itemId));
      send(peer, event("input_audio_buffer.committed").put("item_id", itemId).putNull("previous_item_id"));
      ObjectNode userItem = item(itemId, "user", beta ? "input_audio" : "input_audio", null);
      send(peer, event(beta ? "conversation.item.created" : "conversation.item.added").set("item", userItem));
      send(peer, event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
          .put("content_index", 0).put("transcript", USER_TRANSCRIPT));
      respond(peer, next);
    }
  }

  private void respond(WsServer.Peer peer, int n) {
    String responseId = "resp_" + n;
    String itemId = "item_assistant_" + n;
    ObjectNode response = JSON.createObjectNode().put("id", responseId).put("object", "realtime.response")
        .put("status", "in_progress");
    send(peer, event("response.created").set("response", response));
    ObjectNode rl = event("rate_limits.updated");
    ArrayNode limits = rl.putArray("rate_limits");
    limits.addObject().put("name", "requests").put("limit", 5000).put("remaining", 4999 - n).put("reset_seconds", 0.012);
    limits.addObject().put("name", "tokens").put("limit", 400000).put("remaining", 399000).put("reset_seconds", 0.15);
    send(peer, rl);
    send(peer, event("response.output_item.added").put("response_id", responseId).put("output_index", 0)
        .set("item", item(itemId, "assistant", beta ? "audio" : "output_audio", null)));
    String delta = beta ? "response.audio.delta" : "response.output_audio.delta";
    String tdelta = beta ? "response.audio_transcript.delta" : "response.output_audio_transcript.delta";
    String tdone = beta ? "response.audio_transcript.done" : "response.output_audio_transcript.done";
    String adone = beta ? "response.audio.done" : "response.output_audio.done";
    byte[] audio = outputAudio();
    String[] words = ASSISTANT_TRANSCRIPT.split(" ");
    for (int i = 0; i < responseDeltas; i++) {
      send(peer, event(delta).put("response_id", responseId).put("item_id", itemId).put("output_index", 0)
          .put("content_index", 0).put("delta", Base64.getEncoder().encodeToString(audio)));
      if (i < words.length) {
        send(peer, event(tdelta).put("response_id", responseId).put("item_id", itemId).put("output_index", 0)
            .put("content_index", 0).put("delta", (i == 0 ? "" : " ") + words[i]));
      }
    }
    send(peer, event(adone).put("response_id", responseId).put("item_id", itemId).put("output_index", 0).put("content_index", 0));
    send(peer, event(tdone).put("response_id", responseId).put("item_id", itemId).put("output_index", 0)
        .put("content_index", 0).put("transcript", ASSISTANT_TRANSCRIPT));
    ObjectNode done = JSON.createObjectNode().put("id", responseId).put("object", "realtime.response").put("status", "completed");
    done.putArray("output").add(item(itemId, "assistant", beta ? "audio" : "output_audio", ASSISTANT_TRANSCRIPT));
    ObjectNode usage = done.putObject("usage").put("total_tokens", 330 + n).put("input_tokens", 200).put("output_tokens", 130 + n);
    usage.putObject("input_token_details").put("text_tokens", 120).put("audio_tokens", 80).put("cached_tokens", 64);
    usage.putObject("output_token_details").put("text_tokens", 30).put("audio_tokens", 100 + n);
    send(peer, event("response.done").set("response", done));
  }

  /** One delta of output audio: a recognisable ramp, in the output format of the session. */
  private byte[] outputAudio() {
    boolean pcm = beta ? session.path("output_audio_format").asText("pcm16").equals("pcm16")
        : session.path("audio").path("output").path("format").path("type").asText("audio/pcm").equals("audio/pcm");
    int bytes = (int) Math.round(deltaMs * (pcm ? 48 : 8));
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  private ObjectNode item(String id, String role, String contentType, String transcript) {
    ObjectNode item = JSON.createObjectNode().put("id", id).put("object", "realtime.item").put("type", "message")
        .put("status", "completed").put("role", role);
    ObjectNode c = item.putArray("content").addObject().put("type", contentType);
    if (transcript == null) {
      c.putNull("transcript");
    } else {
      c.put("transcript", transcript);
    }
    return item;
  }

  private void error(WsServer.Peer peer, String type, String code, String message, String eventId) {
    ObjectNode e = event("error");
    ObjectNode err = e.putObject("error").put("type", type).put("code", code).put("message", message);
    if (eventId == null) {
      err.putNull("event_id");
    } else {
      err.put("event_id", eventId);
    }
    send(peer, e);
  }

  private ObjectNode event(String type) {
    return JSON.createObjectNode().put("type", type).put("event_id", "event_" + (++ids));
  }

  private void send(WsServer.Peer peer, ObjectNode e) {
    String text = e.toString();
    sent.add(text);
    peer.send(text);
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    if (from == null) {
      return;
    }
    from.properties().forEach(f -> {
      JsonNode existing = into.get(f.getKey());
      if (existing instanceof ObjectNode eo && f.getValue() instanceof ObjectNode fo) {
        merge(eo, fo);
      } else {
        into.set(f.getKey(), f.getValue().deepCopy());
      }
    });
  }

  private static ObjectNode gaSession() {
    ObjectNode s = JSON.createObjectNode().put("type", "realtime").put("object", "realtime.session")
        .put("id", "sess_ga_1").put("model", "gpt-realtime");
    s.putArray("output_modalities").add("audio");
    ObjectNode audio = s.putObject("audio");
    ObjectNode in = audio.putObject("input");
    in.putObject("format").put("type", "audio/pcm").put("rate", 24000);
    in.putNull("transcription");
    in.putObject("turn_detection").put("type", "server_vad").put("threshold", 0.5).put("prefix_padding_ms", 300)
        .put("silence_duration_ms", 500).put("create_response", true).put("interrupt_response", true);
    ObjectNode out = audio.putObject("output");
    out.putObject("format").put("type", "audio/pcm").put("rate", 24000);
    out.put("voice", "alloy").put("speed", 1.0);
    s.put("instructions", "You are a helpful assistant.");
    return s;
  }

  private static ObjectNode betaSession() {
    ObjectNode s = JSON.createObjectNode().put("id", "sess_beta_1").put("object", "realtime.session")
        .put("model", "gpt-4o-realtime-preview-2024-12-17");
    s.putArray("modalities").add("text").add("audio");
    s.put("voice", "alloy").put("input_audio_format", "pcm16").put("output_audio_format", "pcm16");
    s.putNull("input_audio_transcription");
    s.putObject("turn_detection").put("type", "server_vad").put("threshold", 0.5).put("prefix_padding_ms", 300)
        .put("silence_duration_ms", 500);
    s.put("instructions", "You are a helpful assistant.").put("temperature", 0.8);
    return s;
  }

  /** The sent count after the server handled the next client message. */
  int ack() throws InterruptedException {
    Integer n = acks.poll(10, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("the scripted server did not handle a message within 10 s");
    }
    return n;
  }

  public List<String> sentTypes() {
    List<String> out = new ArrayList<>();
    for (String s : sent) {
      try {
        out.add(JSON.readTree(s).path("type").asText());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    ws.close();
  }
}
