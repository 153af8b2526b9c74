package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Realtime session's audio format, from either generation of the API: beta {@code "pcm16"} (16-bit
 * little-endian PCM, 24 kHz), {@code "g711_ulaw"}, {@code "g711_alaw"} (8 kHz); GA
 * {@code {"type":"audio/pcm","rate":24000}}, {@code {"type":"audio/pcmu"}}, {@code {"type":"audio/pcma"}}.
 * Only what the proxy needs to turn byte counts into durations; decoding is voicelog-audio's.
 *
 * @param encoding {@code pcm16}, {@code g711_ulaw} or {@code g711_alaw} (or the unknown name as given)
 * @param sampleRate samples per second
 * @param bytesPerSample 2 for PCM, 1 for G.711
 */
public record AudioFormat(String encoding, int sampleRate, int bytesPerSample) {
  /** The API's default: 16-bit PCM at 24 kHz. */
  public static final AudioFormat PCM16_24K = new AudioFormat("pcm16", 24_000, 2);
  /** G.711 mu-law, 8 kHz. */
  public static final AudioFormat ULAW_8K = new AudioFormat("g711_ulaw", 8_000, 1);
  /** G.711 A-law, 8 kHz. */
  public static final AudioFormat ALAW_8K = new AudioFormat("g711_alaw", 8_000, 1);

  /** The format a session field names, or null when the field is absent or not understood. */
  public static AudioFormat parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "pcm16" -> PCM16_24K;
        case "g711_ulaw" -> ULAW_8K;
        case "g711_alaw" -> ALAW_8K;
        default -> null;
      };
    }
    String type = node.path("type").asText("");
    return switch (type) {
      case "audio/pcm" -> new AudioFormat("pcm16", node.path("rate").asInt(24_000), 2);
      case "audio/pcmu" -> ULAW_8K;
      case "audio/pcma" -> ALAW_8K;
      default -> null;
    };
  }

  /** Milliseconds of audio in {@code bytes}. */
  public double millis(long bytes) {
    return bytes * 1000.0 / ((double) sampleRate * bytesPerSample);
  }

  /** For people: {@code pcm16 24000 Hz}. */
  @Override
  public String toString() {
    return encoding + " " + sampleRate + " Hz";
  }
}
