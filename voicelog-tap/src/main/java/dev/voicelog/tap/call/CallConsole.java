package dev.voicelog.tap.call;

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
 * What a person watching a telephony tap sees, call by call: the stream starting (Twilio's call and stream,
 * AudioSocket's UUID), the caller speaking, the agent heard and cut, DTMF, marks, every diagnostic
 * ({@code ! outbound_silence: ...}), each turn's voice_to_voice as the turn completes, and a summary when the
 * call ends. It reads the lines the log writes (a {@link LineListener}) with the same decoder and turn
 * assembler as {@code voicelog summary}, so it shows what the files hold: secrets masked, redacted digits
 * redacted.
 *
 * <p><b>Threads.</b> Called on the log's listener thread only; never slows the tap.
 */
public final class CallConsole implements LineListener {
  private final PrintWriter out;
  private final Map<String, CallView> calls = new HashMap<>();
  private final LineDecoder decoder = new LineDecoder("(live)", problem -> { });
  private final LiveTurns turns;
  private long lineNumber;

  /** Prints to {@code out} (flushed after every line). */
  public CallConsole(PrintWriter out) {
    this.out = out;
    this.turns = new LiveTurns(AnalysisOptions.defaults(), LiveTurns.DEFAULT_REORDER_WINDOW, new LiveTurns.Listener() {
      @Override
      public void turn(String sessionId, Turn turn) {
        CallView c = calls.get(sessionId);
        if (c != null) {
          c.turns.add(turn);
        }
        say(sessionId, null, "turn " + turn.number() + ": voice_to_voice " + seconds(turn.metric(Metric.VOICE_TO_VOICE))
            + (turn.interrupted() ? " (interrupted)" : ""));
      }
    });
  }

  /** What the console remembers of one call until it ends. */
  private static final class CallView {
    String recording;
    Map<String, Object> summary = Map.of();
    final List<Turn> turns = new ArrayList<>();
  }

  @Override
  public void onLine(byte[] line) {
    LogEvent e = decoder.decode(line, 0, line.length, ++lineNumber, false);
    if (e == null) {
      return;
    }
    String sid = e.sessionId();
    Map<String, Object> d = e.data();
    String at = String.format(Locale.ROOT, "%8.3f s", e.t() / 1e6);
    CallView c = calls.computeIfAbsent(sid, k -> new CallView());
    if (!e.type().equals("SESSION_END")) {
      turns.accept(e);
    }
    switch (e.type()) {
      case "SESSION_START" -> say(sid, at, d.get("tap") + " call connected: " + d.get("client") + " -> " + d.get("upstream"));
      case "twilio.start" -> say(sid, at, describeStart(d));
      case "twilio.dtmf" -> say(sid, at, "caller pressed " + words(nested(d, "dtmf", "digit")));
      case "twilio.mark" -> say(sid, at, describeMark(d));
      case "twilio.clear" -> say(sid, at, "agent cleared Twilio's queue" + (Boolean.TRUE.equals(d.get("was_playing"))
          ? String.format(Locale.ROOT, ": %.0f ms discarded", number(d.get("discarded_ms"))) : " (nothing was playing)"));
      case "twilio.stop" -> say(sid, at, "Twilio stopped the stream");
      case "audiosocket.uuid" -> say(sid, at, "AudioSocket call " + d.get("uuid"));
      case "audiosocket.audio" -> say(sid, at, ("client_to_server".equals(d.get("direction")) ? "caller" : "agent")
          + " audio: " + d.get("format"));
      case "audiosocket.dtmf" -> say(sid, at, "caller pressed " + words(d.get("digit")));
      case "audiosocket.hangup" -> say(sid, at, ("client_to_server".equals(d.get("direction")) ? "Asterisk" : "the agent")
          + " hung up");
      case "audiosocket.error" -> say(sid, at, "Asterisk reported an error: " + d.get("meaning"));
      case "audiosocket.unknown" -> say(sid, at, String.format(Locale.ROOT, "unknown frame kind %s (%d bytes), relayed",
          d.get("kind"), (long) number(d.get("length"))));
      case "USER_SPEECH_START" -> say(sid, at, "caller started speaking");
      case "USER_SPEECH_END" -> say(sid, at, "caller stopped speaking");
      case "TTS_PLAYBACK_START" -> say(sid, at, "agent heard from here");
      case "TTS_PLAYBACK_END" -> say(sid, at, String.format(Locale.ROOT, "agent finished: %.2f s played%s", number(d.get("played_ms")) / 1000,
          Boolean.TRUE.equals(d.get("call_ended_while_playing")) ? ", cut by the end of the call" : ""));
      case "TTS_PLAYBACK_INTERRUPTED" -> say(sid, at, String.format(Locale.ROOT, "agent interrupted after %.2f s (%s)",
          number(d.get("played_ms")) / 1000, "clear".equals(d.get("cut_by")) ? "the agent cleared its audio"
              : "caller_speech".equals(d.get("cut_by")) ? "it stopped while the caller talked over it" : d.get("cut_by")));
      case "ERROR" -> say(sid, at, d.get("anomaly") != null ? "! " + d.get("anomaly") + ": " + d.get("error")
          : "error (" + d.get("source") + "): " + d.get("error"));
      case "RECORDING_SAVED" -> c.recording = String.format(Locale.ROOT, "%s (%.2f s, %s)", d.get("path"),
          number(d.get("duration_s")), Boolean.TRUE.equals(d.get("complete")) ? "complete" : "incomplete");
      case "call.summary" -> c.summary = d;
      case "SESSION_END" -> {
        turns.accept(e);
        calls.remove(sid);
        end(sid, at, e, d, c);
      }
      default -> { }
    }
  }

  private static String describeStart(Map<String, Object> d) {
    Object start = d.get("start");
    Map<?, ?> s = start instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> f = s.get("mediaFormat") instanceof Map<?, ?> m ? m : Map.of();
    return "Twilio stream " + s.get("streamSid") + " of call " + s.get("callSid") + ": tracks " + s.get("tracks") + ", "
        + f.get("encoding") + " " + f.get("sampleRate") + " Hz"
        + (s.get("customParameters") instanceof Map<?, ?> p && !p.isEmpty() ? ", parameters " + p : "");
  }

  private static String describeMark(Map<String, Object> d) {
    Object name = nested(d, "mark", "name");
    if ("server_to_client".equals(d.get("direction"))) {
      return "agent sent mark '" + name + "'";
    }
    if (Boolean.TRUE.equals(d.get("cleared"))) {
      return "Twilio returned mark '" + name + "' (cleared)";
    }
    if (d.get("playout_error_ms") instanceof Number err) {
      return String.format(Locale.ROOT, "Twilio played up to mark '%s' (%+.0f ms from the playout model)", name, err.doubleValue());
    }
    return "Twilio played up to mark '" + name + "'";
  }

  private static Object nested(Map<String, Object> d, String object, String field) {
    return d.get(object) instanceof Map<?, ?> m ? m.get(field) : null;
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  private static String words(Object text) {
    String s = String.valueOf(text);
    return Redaction.isRedactedValue(s) ? "[redacted]" : s;
  }

  private static String seconds(OptionalLong micros) {
    return micros.isPresent() ? String.format(Locale.ROOT, "%.3f s", micros.getAsLong() / 1e6) : "n/a";
  }

  private void end(String sid, String at, LogEvent end, Map<String, Object> d, CallView c) {
    say(sid, at, "call ended, closed by " + d.get("closed_by") + (d.get("reason") instanceof String r && !r.isEmpty() ? " (" + r + ")" : "")
        + String.format(Locale.ROOT, " after %.1f s", end.t() / 1e6));
    Map<String, Object> s = c.summary;
    say(sid, null, String.format(Locale.ROOT, "  audio: caller %.2f s, agent %.2f s; %d playbacks, %d interrupted",
        number(s.get("caller_audio_ms")) / 1000, number(s.get("agent_audio_ms")) / 1000, (long) number(s.get("playbacks")),
        (long) number(s.get("interruptions"))));
    StringBuilder v2v = new StringBuilder();
    for (Turn t : c.turns) {
      v2v.append(v2v.length() == 0 ? "" : ", ").append(seconds(t.metric(Metric.VOICE_TO_VOICE)));
    }
    say(sid, null, "  turns: " + c.turns.size() + (c.turns.isEmpty() ? "" : " (voice_to_voice " + v2v + ")"));
    if (s.get("diagnostics") instanceof Map<?, ?> diag && !diag.isEmpty()) {
      say(sid, null, "  diagnostics: " + diag);
    }
    if (c.recording != null) {
      say(sid, null, "  recording: " + c.recording);
    }
  }

  private void say(String sid, String at, String text) {
    out.println("[" + sid + "]" + (at == null ? "" : " " + at) + " " + text);
    out.flush();
  }
}
