package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A session's turn detection: server VAD with its padding and silence, semantic VAD, or none (the client
 * commits the audio itself). The defaults are the API's, used when a session never set them. Immutable
 * and thread-safe.
 *
 * @param type {@code server_vad}, {@code semantic_vad} or {@code none}
 * @param threshold server VAD's activation threshold, or NaN when not server VAD
 * @param prefixPaddingMs audio before detected speech that {@code audio_start_ms} includes
 * @param silenceDurationMs silence after speech that {@code audio_end_ms} includes
 * @param eagerness semantic VAD's eagerness, or null
 */
public record TurnDetection(String type, double threshold, int prefixPaddingMs, int silenceDurationMs, String eagerness) {
  /** Server VAD's default activation threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;
  /** Server VAD's default prefix padding: {@code audio_start_ms} is this much before the speech. */
  public static final int DEFAULT_PREFIX_PADDING_MS = 300;
  /** Server VAD's default silence duration: {@code audio_end_ms} is this much after the speech. */
  public static final int DEFAULT_SILENCE_DURATION_MS = 500;
  /** What a session without a turn_detection setting gets: server VAD with the defaults. */
  public static final TurnDetection DEFAULT =
      new TurnDetection("server_vad", DEFAULT_THRESHOLD, DEFAULT_PREFIX_PADDING_MS, DEFAULT_SILENCE_DURATION_MS, null);
  /** Turn detection off. */
  public static final TurnDetection NONE = new TurnDetection("none", Double.NaN, 0, 0, null);

  /** Reads a {@code turn_detection} object (null node: off); missing values take the defaults. */
  public static TurnDetection parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    String type = node.path("type").asText("server_vad");
    if (type.equals("server_vad")) {
      return new TurnDetection(type, node.path("threshold").asDouble(DEFAULT_THRESHOLD),
          node.path("prefix_padding_ms").asInt(DEFAULT_PREFIX_PADDING_MS),
          node.path("silence_duration_ms").asInt(DEFAULT_SILENCE_DURATION_MS), null);
    }
    // semantic VAD decides the end of a turn itself: no fixed padding or silence to take off
    return new TurnDetection(type, Double.NaN, 0, 0, node.path("eagerness").asText(null));
  }

  /** Whether audio positions of VAD events include a fixed padding and silence this record knows. */
  public boolean hasFixedPadding() {
    return type.equals("server_vad");
  }

  /** For people: {@code server_vad (threshold 0.5, prefix 300 ms, silence 500 ms)}. */
  @Override
  public String toString() {
    if (hasFixedPadding()) {
      return type + " (threshold " + threshold + ", prefix " + prefixPaddingMs + " ms, silence " + silenceDurationMs + " ms)";
    }
    return eagerness == null ? type : type + " (eagerness " + eagerness + ")";
  }
}
