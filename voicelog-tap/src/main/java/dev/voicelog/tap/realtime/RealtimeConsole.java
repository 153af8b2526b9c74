package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.LineListener;
import dev.voicelog.Redaction;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.LiveTurns;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a person watching the proxy sees: for each session, when it connects, its configuration, when the
 * user starts and stops speaking, the transcripts as they complete, errors, each turn's voice_to_voice as
 * the turn completes, and at the end a summary (formats, chunks, bytes and seconds of audio each way, the
 * turns and their voice_to_voice, the recording). It reads the lines the log writes (a
 * {@link LineListener}) with the same decoder and turn assembler as {@code voicelog summary}, so it shows
 * exactly what the files hold and computes the metrics the same way: secrets are already masked, redacted
 * text stays redacted.
 *
 * <p><b>Threads.</b> Called on the log's listener thread only; never slows the proxy.
 */
public final class RealtimeConsole implements LineListener {
  private final PrintWriter out;
  private final Map<String, SessionView> sessions = new HashMap<>();
  private final LineDecoder decoder = new LineDecoder("(live)", problem -> { });
  private final LiveTurns turns;
  private long lineNumber;

  /** Prints to {@code out} (flushed after every line). */
  public RealtimeConsole(PrintWriter out) {
    this.out = out;
    this.turns = new LiveTurns(AnalysisOptions.defaults(), LiveTurns.DEFAULT_REORDER_WINDOW, new LiveTurns.Listener() {
      @Override
      public void turn(String sessionId, Turn turn) {
        view(sessionId).turns.add(turn);
        say(sessionId, null, "turn " + turn.number() + ": voice_to_voice " + seconds(turn.metric(Metric.VOICE_TO_VOICE))
            + (turn.interrupted() ? " (interrupted)" : ""));
      }
    });
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
    int responses;
    int errors;
    String recording;
    final List<Turn> turns = new ArrayList<>();
  }

  private SessionView view(String sid) {
    return sessions.computeIfAbsent(sid, k -> new SessionView());
  }

  @Override
  public void onLine(byte[] line) {
    LogEvent e = decoder.decode(line, 0, line.length, ++lineNumber, false);
    if (e == null) {
      return;
    }
    turns.accept(e);
    String sid = e.sessionId();
    Map<String, Object> data = e.data();
    String at = String.format(Locale.ROOT, "%8.3f s", e.t() / 1e6);
    SessionView s = view(sid);
    switch (e.type()) {
      case "SESSION_START" -> say(sid, at, "connected: client " + data.get("client") + " -> " + data.get("upstream"));
      case "proxy.upstream_connected" -> say(sid, at, String.format(Locale.ROOT, "upstream connected in %.0f ms%s",
          number(data.get("connect_ms")), data.get("subprotocol") instanceof String p ? " (subprotocol " + p + ")" : ""));
      case RealtimeTypes.SESSION_CREATED, RealtimeTypes.SESSION_UPDATED -> {
        JsonNode session = RealtimeEvent.JSON.valueToTree(data.get("session"));
        s.config = SessionConfig.parse(session, s.config);
        say(sid, at, describe(s.config));
      }
      case RealtimeTypes.SPEECH_STARTED -> say(sid, at, "user started speaking" + arrival(data));
      case RealtimeTypes.SPEECH_STOPPED -> say(sid, at, "user stopped speaking" + arrival(data));
      case "conversation.item.input_audio_transcription.completed" -> say(sid, at, "user: " + words(data.get("transcript")));
      case "response.audio_transcript.done", "response.output_audio_transcript.done" ->
          say(sid, at, "assistant: " + words(data.get("transcript")));
      case "response.created" -> s.responses++;
      case "conversation.item.truncate" -> say(sid, at, "client cut the assistant's audio at " + data.get("audio_end_ms") + " ms");
      case RealtimeTypes.ERROR -> {
        s.errors++;
        Map<?, ?> err = data.get("error") instanceof Map<?, ?> m ? m : Map.of();
        Object code = err.get("code") != null ? err.get("code") : err.get("type");
        say(sid, at, "error from the API: " + code + ": " + err.get("message"));
      }
      case "ERROR" -> {
        s.errors++;
        Object answer = data.get("upstream_response"); // the API's own words when it refused the handshake
        say(sid, at, "error (" + data.get("source") + "): " + data.get("error") + (answer == null ? "" : ": " + answer));
      }
      case "AUDIO_STATS" -> {
        s.inChunks += (long) number(data.get("in_chunks"));
        s.inBytes += (long) number(data.get("in_bytes"));
        s.inMs += number(data.get("in_ms"));
        s.outChunks += (long) number(data.get("out_chunks"));
        s.outBytes += (long) number(data.get("out_bytes"));
        s.outMs += number(data.get("out_ms"));
      }
      case "RECORDING_SAVED" -> s.recording = String.format(Locale.ROOT, "%s (%.2f s, %s)", data.get("path"),
          number(data.get("duration_s")), Boolean.TRUE.equals(data.get("complete")) ? "complete" : "incomplete");
      case "SESSION_END" -> {
        sessions.remove(sid);
        summary(sid, at, e, data, s);
      }
      default -> { }
    }
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  private static String arrival(Map<String, Object> data) {
    if ("audio_position".equals(data.get("timing"))) {
      return String.format(Locale.ROOT, " (the server said so at %.3f s)", number(data.get("received_t")));
    }
    return "";
  }

  private static String words(Object text) {
    String s = text == null ? "" : text.toString();
    return Redaction.isRedactedValue(s) ? "[redacted]" : s;
  }

  private static String seconds(OptionalLong micros) {
    return micros.isPresent() ? String.format(Locale.ROOT, "%.3f s", micros.getAsLong() / 1e6) : "n/a";
  }

  /** One line for a session's configuration. */
  static String describe(SessionConfig c) {
    return "session: model " + c.model() + ", voice " + c.voice() + ", input " + SessionConfig.describe(c.input())
        + ", output " + SessionConfig.describe(c.output())
        + ", turn detection " + c.turnDetection() + ", transcription " + (c.transcriptionModel() == null ? "off" : c.transcriptionModel());
  }

  private void summary(String sid, String at, LogEvent end, Map<String, Object> data, SessionView s) {
    say(sid, at, "closed by " + data.get("closed_by") + " (" + data.get("code") + " " + data.get("reason") + ") after "
        + String.format(Locale.ROOT, "%.1f s", end.t() / 1e6));
    say(sid, null, String.format(Locale.ROOT, "  input:  %s, %d chunks, %d bytes, %.2f s", SessionConfig.describe(s.config.input()),
        s.inChunks, s.inBytes, s.inMs / 1000));
    say(sid, null, String.format(Locale.ROOT, "  output: %s, %d chunks, %d bytes, %.2f s", SessionConfig.describe(s.config.output()),
        s.outChunks, s.outBytes, s.outMs / 1000));
    StringBuilder v2v = new StringBuilder();
    for (Turn t : s.turns) {
      v2v.append(v2v.length() == 0 ? "" : ", ").append(seconds(t.metric(Metric.VOICE_TO_VOICE)));
    }
    say(sid, null, "  turns: " + s.turns.size() + (s.turns.isEmpty() ? "" : " (voice_to_voice " + v2v + ")")
        + ", responses: " + s.responses + ", errors: " + s.errors);
    if (s.recording != null) {
      say(sid, null, "  recording: " + s.recording);
    }
  }

  private void say(String sid, String at, String text) {
    out.println("[" + sid + "]" + (at == null ? "" : " " + at) + " " + text);
    out.flush();
  }
}
