package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;

/**
 * What a Realtime session is configured with, read from the {@code session} object of
 * {@code session.created} / {@code session.updated} in either generation of the API (beta: flat
 * {@code input_audio_format}, {@code voice}, {@code turn_detection}, {@code input_audio_transcription};
 * GA: {@code audio.input.format}, {@code audio.output.voice}, {@code audio.input.turn_detection},
 * {@code audio.input.transcription}). The one place that knows both shapes: the proxy, its console and the
 * summary all read configuration through it. Immutable and thread-safe.
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
      new SessionConfig("unknown", null, null, AudioFormat.REALTIME_PCM16, AudioFormat.REALTIME_PCM16, TurnDetection.DEFAULT, null);

  /** Reads a {@code session} object; what it leaves out is taken from {@code previous}. */
  public static SessionConfig parse(JsonNode session, SessionConfig previous) {
    if (session == null || !session.isObject()) {
      return previous;
    }
    JsonNode audio = session.path("audio");
    boolean ga = audio.isObject() || "realtime".equals(session.path("type").asText());
    JsonNode in = audio.path("input");
    JsonNode out = audio.path("output");
    AudioFormat input = first(format(ga ? in.get("format") : session.get("input_audio_format")), previous.input);
    AudioFormat output = first(format(ga ? out.get("format") : session.get("output_audio_format")), previous.output);
    JsonNode td = ga ? in.get("turn_detection") : session.get("turn_detection");
    TurnDetection turn = td == null ? previous.turnDetection : TurnDetection.parse(td);
    JsonNode tr = ga ? in.get("transcription") : session.get("input_audio_transcription");
    String transcription = tr == null ? previous.transcriptionModel : tr.isNull() ? null : tr.path("model").asText(null);
    String voice = text(ga ? out.get("voice") : session.get("voice"), previous.voice);
    return new SessionConfig(ga ? "ga" : "beta", text(session.get("model"), previous.model), voice, input, output, turn,
        transcription);
  }

  /**
   * The configuration after the client's {@code session.update}, as the server applies it to the audio the
   * client sends next: the input format and turn detection the update names, the rest unchanged. A client
   * may stream audio right after its update without waiting for {@code session.updated}, so the proxy must
   * not time that audio in the old format; the server's {@code session.updated} ({@link #parse}) then says
   * the whole truth, including an update it refused. An update that names neither shape keeps this
   * session's API generation.
   */
  public SessionConfig requested(JsonNode session) {
    if (session == null || !session.isObject()) {
      return this;
    }
    JsonNode audio = session.path("audio");
    boolean ga = audio.isObject() || "realtime".equals(session.path("type").asText())
        || ("ga".equals(api) && !session.has("input_audio_format") && !session.has("turn_detection"));
    AudioFormat in = format(ga ? audio.path("input").get("format") : session.get("input_audio_format"));
    JsonNode td = ga ? audio.path("input").get("turn_detection") : session.get("turn_detection");
    return new SessionConfig(api, model, voice, first(in, input), output, td == null ? turnDetection : TurnDetection.parse(td),
        transcriptionModel);
  }

  /**
   * The audio format a session field names: beta {@code "pcm16"}, {@code "g711_ulaw"}, {@code "g711_alaw"};
   * GA {@code {"type":"audio/pcm","rate":24000}}, {@code {"type":"audio/pcmu"}}, {@code {"type":"audio/pcma"}}.
   * Null when the field is absent or names no format voicelog-audio knows.
   */
  public static AudioFormat format(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return node.isTextual() ? AudioFormat.realtimeBeta(node.asText())
          : AudioFormat.realtimeGa(node.path("type").asText(""), node.path("rate").asInt(0));
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** For people: {@code 16-bit PCM little-endian, 24000 Hz} or {@code G.711 mu-law, 8000 Hz}. */
  public static String describe(AudioFormat f) {
    String encoding = switch (f.encoding()) {
      case PCM16LE -> "16-bit PCM little-endian";
      case PCM16BE -> "16-bit PCM big-endian";
      case ULAW -> "G.711 mu-law";
      case ALAW -> "G.711 A-law";
    };
    return encoding + ", " + f.sampleRate() + " Hz";
  }

  /** Milliseconds of audio in {@code bytes} bytes of {@code f}. */
  static double millis(AudioFormat f, long bytes) {
    return bytes / f.bytesPerMs();
  }

  private static <T> T first(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static String text(JsonNode node, String fallback) {
    return node == null || node.isNull() ? fallback : node.asText();
  }
}
