package dev.voicelog.tap.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.Session;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.record.Interruption;
import dev.voicelog.tap.call.Diagnostic;
import dev.voicelog.tap.call.CallInterceptor;
import dev.voicelog.tap.relay.Chain;
import java.util.Map;

/**
 * What the stream's messages mean for the call. From Twilio: {@code start} (the stream, its format),
 * {@code media} (the caller's audio, placed by its {@code timestamp}), a {@code mark} echoed (the audio
 * before it has played: compared with where the playout model expected it). From the agent: {@code media}
 * (its audio, played from arrival), {@code mark}, {@code clear} (an interruption, cut at the played
 * position); each first checked against what Twilio accepts (the stream started, the right
 * {@code streamSid}), because what Twilio drops the caller never hears. The payload is cut from the
 * logged copy: the log interceptor writes {@code audio_bytes}, {@code audio_ms} instead.
 * Twilio's messages are handled after they were forwarded, the agent's before ({@link CallInterceptor}).
 */
final class TwilioMedia implements CallInterceptor.Handler {
  private final StreamState state;

  TwilioMedia(StreamState state) {
    this.state = state;
  }

  @Override
  public void handle(Chain chain, boolean fromTwilio) {
    TwilioMessage m = TwilioMessage.of(chain.message());
    if (m.event == null) {
      return;
    }
    long at = chain.message().receivedNanos();
    Session session = chain.connection().session();
    if (fromTwilio) {
      switch (m.event) {
        case "start" -> start(m, at);
        case "media" -> callerMedia(m, at);
        case "mark" -> markEchoed(m, session, at);
        default -> { }
      }
      return;
    }
    switch (m.event) {
      case "media" -> agentMedia(m, at);
      case "mark" -> {
        if (acceptedByTwilio(m, at)) {
          long expected = state.audio.agentPlayEnd();
          state.markSent(m.markName(), at, Math.max(at, expected));
          m.extra.put("expected_played_t", seconds(session, Math.max(at, expected)));
        }
      }
      case "clear" -> {
        if (acceptedByTwilio(m, at)) {
          Interruption cut = state.audio.clear(at, "clear");
          state.cleared();
          m.extra.put("was_playing", cut.wasPlaying());
          if (cut.wasPlaying()) {
            m.extra.put("played_ms", cut.playedNanos() / 1e6);
            m.extra.put("discarded_ms", cut.discardedNanos() / 1e6);
          }
        }
      }
      default -> { }
    }
  }

  private void start(TwilioMessage m, long at) {
    JsonNode start = m.body("start");
    String sid = TwilioMessage.text(start, "streamSid");
    if (sid == null) {
      sid = m.streamSid();
    }
    AudioFormat format = null;
    JsonNode mf = start.path("mediaFormat");
    if (mf.isObject()) {
      String encoding = TwilioMessage.text(mf, "encoding");
      try {
        format = AudioFormat.twilio(encoding, (int) TwilioMessage.number(mf.path("sampleRate"), 8_000),
            (int) TwilioMessage.number(mf.path("channels"), 1));
      } catch (IllegalArgumentException e) {
        state.audio.diagnostics().report(Diagnostic.MALFORMED, at, "start.mediaFormat is " + mf
            + ": " + e.getMessage() + "; the tap reads the audio as audio/x-mulaw 8000 Hz", Map.of("direction", "inbound"));
      }
    }
    state.start(sid, format);
  }

  private void callerMedia(TwilioMessage m, long at) {
    byte[] audio = payload(m, at, "inbound");
    if (audio == null) {
      return;
    }
    AudioFormat f = state.format();
    String track = m.track();
    if (track != null && !track.startsWith("inbound")) {
      m.extra.put("timed", false); // the call's other track (a unidirectional stream's outbound audio): relayed, not timed
      return;
    }
    long ts = m.timestamp();
    if (ts == TwilioMessage.NO_TIMESTAMP) {
      state.audio.callerArrived(audio, 0, audio.length, f, at);
    } else {
      state.audio.caller(audio, 0, audio.length, f, state.place(ts, f.durationNanos(audio.length), at));
    }
  }

  private void agentMedia(TwilioMessage m, long at) {
    if (!acceptedByTwilio(m, at)) {
      return;
    }
    byte[] audio = payload(m, at, "outbound");
    if (audio != null) {
      state.audio.agent(audio, 0, audio.length, state.format(), at);
    }
  }

  /**
   * Whether Twilio takes this message of the agent's: only after {@code start}, and only with the stream's
   * {@code streamSid}. Otherwise the mistake is diagnosed, and the message counts for nothing.
   */
  private boolean acceptedByTwilio(TwilioMessage m, long at) {
    String expected = state.streamSid();
    String sid = m.streamSid();
    if (!state.started()) {
      state.audio.diagnostics().report(Diagnostic.MEDIA_BEFORE_START, at, "the agent sent \"" + m.event
          + "\" before Twilio's \"start\": Twilio drops it, the caller hears nothing", Map.of("direction", "outbound", "event", m.event));
    } else if (sid == null || !sid.equals(expected)) {
      state.audio.diagnostics().report(Diagnostic.WRONG_STREAM_SID, at, "the agent's \"" + m.event + "\" "
          + (sid == null ? "has no streamSid" : "is for stream " + sid) + ", the call's stream is " + expected
          + ": Twilio drops it, the caller hears nothing", Map.of("direction", "outbound", "event", m.event));
    } else {
      return true;
    }
    m.extra.put("dropped_by_twilio", true);
    return false;
  }

  /** The decoded payload; null (and diagnosed) when it is not base64. */
  private byte[] payload(TwilioMessage m, long at, String direction) {
    String b64 = m.payload();
    if (b64 == null) {
      return null;
    }
    try {
      byte[] audio = Base64Audio.decode(b64);
      m.extra.put("audio_bytes", audio.length);
      m.extra.put("audio_ms", state.format().durationNanos(audio.length) / 1e6);
      return audio;
    } catch (IllegalArgumentException e) {
      state.audio.diagnostics().report(Diagnostic.MALFORMED, at, "a media payload is not base64: " + e.getMessage(),
          Map.of("direction", direction));
      return null;
    }
  }

  /**
   * Twilio echoed a mark: the audio sent before it has played (or was cleared). The line says when the
   * agent sent it, when the playout model expected it, and by how much Twilio's playout differs.
   */
  private void markEchoed(TwilioMessage m, Session session, long at) {
    StreamState.Mark sent = state.markEchoed(m.markName());
    if (sent == null) {
      return;
    }
    m.extra.put("sent_t", seconds(session, sent.sentNanos()));
    if (sent.cleared()) {
      m.extra.put("cleared", true);
    } else {
      m.extra.put("expected_played_t", seconds(session, sent.expectedNanos()));
      m.extra.put("playout_error_ms", (at - sent.expectedNanos()) / 1e6);
    }
  }

  static double seconds(Session s, long nanos) {
    return Math.floorDiv(nanos - s.startNanoTime(), 1_000) / 1e6;
  }
}
