package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicelog.Session;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Interceptor;
import java.util.Iterator;
import java.util.Map;

/**
 * Audio accounting. Input chunks ({@code input_audio_buffer.append}) and output chunks (the audio deltas,
 * beta and GA) are counted into the session's AUDIO_STATS with their bytes and duration in the format in
 * force, input chunks go on the {@link InputAudioTimeline} at the moment they were forwarded, and the
 * base64 payload is cut from the logged copy (replaced by {@code audio_bytes} / {@code audio_ms}). Only the
 * session's first append and each response's first audio delta are logged as lines unless every delta is
 * asked for. Base64 is never decoded here: its length gives the byte count.
 */
final class AudioInterceptor implements Interceptor {
  /** A text field named {@code audio} longer than this in any other event is a payload, and is cut too. */
  static final int PAYLOAD_CHARS = 256;

  private final RealtimeState state;
  private final boolean everyDelta;

  AudioInterceptor(RealtimeState state, boolean everyDelta) {
    this.state = state;
    this.everyDelta = everyDelta;
  }

  @Override
  public void intercept(Chain chain) {
    long at = chain.proceed(chain.message());
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    if (e.type == null) {
      return;
    }
    Session session = chain.connection().session();
    if (e.is(RealtimeTypes.APPEND)) {
      long bytes = cut(e, "audio");
      double position = state.inputPositionMillis();
      double ms = at == Chain.NOT_SENT ? SessionConfig.millis(state.config().input(), bytes) : state.appendInput(bytes, at);
      session.audioIn(bytes, ms);
      e.extra.put("audio_bytes", bytes);
      e.extra.put("audio_ms", round(ms));
      e.extra.put("audio_position_ms", round(position));
      e.logged = state.firstAppend() || everyDelta;
    } else if (RealtimeTypes.isOutputAudio(e.type)) {
      long bytes = cut(e, "delta");
      double ms = SessionConfig.millis(state.config().output(), bytes);
      session.audioOut(bytes, ms);
      e.extra.put("audio_bytes", bytes);
      e.extra.put("audio_ms", round(ms));
      e.logged = state.firstAudioOf(e.text("response_id")) || everyDelta;
    } else {
      if (e.is(RealtimeTypes.RESPONSE_DONE)) {
        state.responseDone(e.json.path("response").path("id").asText(null));
      }
      cutNestedPayloads(e.json);
    }
  }

  /** Removes the base64 field and returns the bytes it held (0, noted on the line, when it is not base64). */
  private static long cut(RealtimeEvent e, String field) {
    JsonNode payload = e.json.remove(field);
    if (payload == null || !payload.isTextual()) {
      return 0;
    }
    long bytes = base64Bytes(payload.asText());
    if (bytes < 0) {
      e.extra.put("audio_error", "the " + field + " field is not base64");
      return 0;
    }
    return bytes;
  }

  /** Bytes a base64 text decodes to, from its length; -1 when no base64 text has that length. */
  static long base64Bytes(String b64) {
    try {
      return Base64Audio.decodedLength(b64);
    } catch (IllegalArgumentException notBase64) {
      return -1;
    }
  }

  /** Audio inside conversation items ({@code content[].audio}) becomes {@code audio_bytes}. */
  private static void cutNestedPayloads(JsonNode node) {
    if (node instanceof ObjectNode o) {
      JsonNode audio = o.get("audio");
      if (audio != null && audio.isTextual() && audio.asText().length() > PAYLOAD_CHARS) {
        o.remove("audio");
        o.put("audio_bytes", Math.max(0, base64Bytes(audio.asText())));
      }
      Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
      while (it.hasNext()) {
        cutNestedPayloads(it.next().getValue());
      }
    } else if (node != null && node.isArray()) {
      for (JsonNode child : node) {
        cutNestedPayloads(child);
      }
    }
  }

  static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
