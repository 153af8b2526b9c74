package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Realtime session is configured with, read from the {@code session} object of
 * {@code session.created} / {@code session.updated} in either generation of the API (beta: flat
 * {@code input_audio_format}, {@code voice}, {@code turn_detection}, {@code input_audio_transcription};
 * GA: {@code audio.input.format}, {@code audio.output.voice}, {@code audio.input.turn_detection},
 * {@code audio.input.transcription}). The one place that knows both shapes: the proxy, its console and the
 * summary all read configuration through it.
 *
 * @param api {@code "ga"} or {@code "beta"}
 * @param model the model, or null
 * @param voice the voice, or null
 * @param input the input audio format (the API's default when not given)
 * @param output the output audio format (the API's default when not given)
 * @param turnDetection the turn detection (server VAD with defaults when not given)
 * @param transcriptionModel the input transcription model, or null when transcription is off
 */
public record SessionConfig(String api, String model, String voice, AudioFormat input, AudioFormat output,
    TurnDetection turnDetection, String transcriptionModel) {
  /** A session nobody configured: the API's defaults. */
  public static final SessionConfig DEFAULT =
      new SessionConfig("unknown", null, null, AudioFormat.PCM16_24K, AudioFormat.PCM16_24K, TurnDetection.DEFAULT, null);

  /** Reads a {@code session} object; what it leaves out is taken from {@code previous}. */
  public static SessionConfig parse(JsonNode session, SessionConfig previous) {
    if (session == null || !session.isObject()) {
      return previous;
    }
    JsonNode audio = session.path("audio");
    boolean ga = audio.isObject() || "realtime".equals(session.path("type").asText());
    JsonNode in = audio.path("input");
    JsonNode out = audio.path("output");
    AudioFormat input = first(AudioFormat.parse(ga ? in.get("format") : session.get("input_audio_format")), previous.input);
    AudioFormat output = first(AudioFormat.parse(ga ? out.get("format") : session.get("output_audio_format")), previous.output);
    JsonNode td = ga ? in.get("turn_detection") : session.get("turn_detection");
    TurnDetection turn = td == null ? previous.turnDetection : TurnDetection.parse(td);
    JsonNode tr = ga ? in.get("transcription") : session.get("input_audio_transcription");
    String transcription = tr == null ? previous.transcriptionModel : tr.isNull() ? null : tr.path("model").asText(null);
    String voice = text(ga ? out.get("voice") : session.get("voice"), previous.voice);
    return new SessionConfig(ga ? "ga" : "beta", text(session.get("model"), previous.model), voice, input, output, turn,
        transcription);
  }

  private static <T> T first(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static String text(JsonNode node, String fallback) {
    return node == null || node.isNull() ? fallback : node.asText();
  }
}
