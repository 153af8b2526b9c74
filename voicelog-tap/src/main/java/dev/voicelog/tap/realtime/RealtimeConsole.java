package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.LineListener;
import dev.voicelog.Redaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a person watching the proxy sees: for each session, when it connects, its configuration, when the
 * user starts and stops speaking, the transcripts as they complete, errors, and at the end a summary
 * (formats, chunks, bytes and seconds of audio each way, speech segments and responses). It reads the
 * lines the log writes (a {@link LineListener}), so it shows exactly what the files hold: secrets are
 * already masked and redacted text stays redacted.
 *
 * <p><b>Threads.</b> Called on the log's listener thread only; never slows the proxy.
 */
public final class RealtimeConsole implements LineListener {
  private final PrintWriter out;
  private final Map<String, SessionView> sessions = new HashMap<>();

  /** Prints to {@code out} (flushed after every line). */
  public RealtimeConsole(PrintWriter out) {
    this.out = out;
  }

  /** What the console remembers of one session until it ends. */
  private static final class SessionView {
    SessionConfig config = SessionConfig.DEFAULT;
    long inChunks;
    long inBytes;
    double inMs;
    long outChunks;
    long outBytes;
    double outMs;
    int speeches;
    int responses;
    int errors;
    String recording;
  }

  @Override
  public void onLine(byte[] line) {
    JsonNode e;
    try {
      e = RealtimeEvent.JSON.readTree(line);
    } catch (IOException notJson) {
      return;
    }
    String sid = e.path("session_id").asText("?");
    String type = e.path("event_type").asText("");
    JsonNode data = e.path("data");
    String at = String.format(Locale.ROOT, "%8.3f s", e.path("t").asDouble());
    SessionView s = sessions.computeIfAbsent(sid, k -> new SessionView());
    switch (type) {
      case "SESSION_START" -> say(sid, at, "connected: client " + data.path("client").asText() + " -> " + data.path("upstream").asText());
      case "proxy.upstream_connected" -> say(sid, at, String.format(Locale.ROOT, "upstream connected in %.0f ms%s",
          data.path("connect_ms").asDouble(), data.path("subprotocol").isTextual() ? " (subprotocol " + data.path("subprotocol").asText() + ")" : ""));
      case RealtimeTypes.SESSION_CREATED, RealtimeTypes.SESSION_UPDATED -> {
        s.config = SessionConfig.parse(data.get("session"), s.config);
        say(sid, at, describe(s.config));
      }
      case RealtimeTypes.SPEECH_STARTED -> {
        s.speeches++;
        say(sid, at, "user started speaking" + arrival(data));
      }
      case RealtimeTypes.SPEECH_STOPPED -> say(sid, at, "user stopped speaking" + arrival(data));
      case "conversation.item.input_audio_transcription.completed" -> say(sid, at, "user: " + words(data.path("transcript")));
      case "response.audio_transcript.done", "response.output_audio_transcript.done" ->
          say(sid, at, "assistant: " + words(data.path("transcript")));
      case "response.created" -> s.responses++;
      case "conversation.item.truncate" -> say(sid, at, "client cut the assistant's audio at " + data.path("audio_end_ms").asText() + " ms");
      case RealtimeTypes.ERROR -> {
        s.errors++;
        JsonNode err = data.path("error");
        say(sid, at, "error from the API: " + err.path("code").asText(err.path("type").asText()) + ": " + err.path("message").asText());
      }
      case "ERROR" -> {
        s.errors++;
        say(sid, at, "error (" + data.path("source").asText() + "): " + data.path("error").asText());
      }
      case "AUDIO_STATS" -> {
        s.inChunks += data.path("in_chunks").asLong();
        s.inBytes += data.path("in_bytes").asLong();
        s.inMs += data.path("in_ms").asDouble();
        s.outChunks += data.path("out_chunks").asLong();
        s.outBytes += data.path("out_bytes").asLong();
        s.outMs += data.path("out_ms").asDouble();
      }
      case "RECORDING_SAVED" -> s.recording = String.format(Locale.ROOT, "%s (%.2f s, %s)", data.path("path").asText(),
          data.path("duration_s").asDouble(), data.path("complete").asBoolean() ? "complete" : "incomplete");
      case "SESSION_END" -> {
        sessions.remove(sid);
        summary(sid, at, e, data, s);
      }
      default -> { }
    }
  }

  private static String arrival(JsonNode data) {
    if ("audio_position".equals(data.path("timing").asText())) {
      return String.format(Locale.ROOT, " (the server said so at %.3f s)", data.path("received_t").asDouble());
    }
    return "";
  }

  private static String words(JsonNode text) {
    String s = text.asText("");
    return Redaction.isRedactedValue(s) ? "[redacted]" : s;
  }

  /** One line for a session's configuration. */
  static String describe(SessionConfig c) {
    return "session: model " + c.model() + ", voice " + c.voice() + ", input " + SessionConfig.describe(c.input())
        + ", output " + SessionConfig.describe(c.output())
        + ", turn detection " + c.turnDetection() + ", transcription " + (c.transcriptionModel() == null ? "off" : c.transcriptionModel());
  }

  private void summary(String sid, String at, JsonNode line, JsonNode data, SessionView s) {
    say(sid, at, "closed by " + data.path("closed_by").asText() + " (" + data.path("code").asText() + " "
        + data.path("reason").asText() + ") after " + String.format(Locale.ROOT, "%.1f s", line.path("t").asDouble()));
    say(sid, null, String.format(Locale.ROOT, "  input:  %s, %d chunks, %d bytes, %.2f s", SessionConfig.describe(s.config.input()), s.inChunks, s.inBytes, s.inMs / 1000));
    say(sid, null, String.format(Locale.ROOT, "  output: %s, %d chunks, %d bytes, %.2f s", SessionConfig.describe(s.config.output()), s.outChunks, s.outBytes, s.outMs / 1000));
    say(sid, null, "  user speech segments: " + s.speeches + ", responses: " + s.responses + ", errors: " + s.errors);
    if (s.recording != null) {
      say(sid, null, "  recording: " + s.recording);
    }
  }

  private void say(String sid, String at, String text) {
    out.println("[" + sid + "]" + (at == null ? "" : " " + at) + " " + text);
    out.flush();
  }
}
