package dev.voicelog.tap.audiosocket;

import dev.voicelog.EventBuilder;
import dev.voicelog.Session;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.call.Diagnostic;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.CloseInfo;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the call's frames as lines: {@code audiosocket.uuid}, {@code audiosocket.dtmf},
 * {@code audiosocket.hangup}, {@code audiosocket.error} (with the meaning of Asterisk's code),
 * {@code audiosocket.unknown} (a kind AudioSocket does not define, relayed), and
 * {@code audiosocket.audio} for the first audio frame of each direction and whenever its kind (rate)
 * changes; audio itself is counted in {@code AUDIO_STATS}. Framing problems are the call's diagnostics,
 * with their offsets. Outermost in the chain: it writes after the frames were forwarded and handled.
 */
final class AudioSocketLogInterceptor implements Interceptor {
  private final CallState state;

  AudioSocketLogInterceptor(CallState state) {
    this.state = state;
  }

  @Override
  public void intercept(Chain chain) {
    long forwarded = chain.proceed(chain.message());
    long at = forwarded != Chain.NOT_SENT ? forwarded : chain.message().receivedNanos();
    Direction dir = chain.message().direction();
    Frames frames = Frames.of(chain.message(), state);
    Session session = chain.connection().session();
    for (Frame f : frames.frames) {
      log(session, dir, f, at);
    }
    report(frames.problems, dir, at);
  }

  private void log(Session session, Direction dir, Frame f, long at) {
    int kind = f.kind();
    byte[] p = f.payload();
    if (Kinds.isAudio(kind)) {
      if (state.audioKindChanged(dir, kind)) {
        AudioFormat format = AudioFormat.audioSocket(kind);
        line(session, "audiosocket.audio", dir, f, at).put("kind", Kinds.hex(kind)).put("format", format.toString())
            .put("bytes", p.length).put("audio_ms", format.durationNanos(p.length) / 1e6).log();
      }
      return;
    }
    switch (kind) {
      case Kinds.UUID -> line(session, "audiosocket.uuid", dir, f, at).put("uuid", Kinds.uuid(p, 0)).log();
      case Kinds.DTMF -> {
        String digit = new String(p, java.nio.charset.StandardCharsets.US_ASCII);
        line(session, "audiosocket.dtmf", dir, f, at).put("digit", digit).log();
        if (Kinds.DTMF_DIGITS.indexOf(digit.charAt(0)) < 0) {
          state.audio.diagnostics().report(Diagnostic.MALFORMED, at, "a DTMF frame at offset " + f.offset() + " holds byte "
              + Kinds.hex(p[0] & 0xff) + ", not one of " + Kinds.DTMF_DIGITS, where(dir, f.offset()));
        }
      }
      case Kinds.HANGUP -> line(session, "audiosocket.hangup", dir, f, at).log();
      case Kinds.ERROR -> {
        EventBuilder b = line(session, "audiosocket.error", dir, f, at);
        if (p.length > 0) {
          b.put("code", Kinds.hex(p[0] & 0xff)).put("meaning", Kinds.errorMeaning(p[0] & 0xff));
        } else {
          b.put("meaning", "no code given");
        }
        b.log();
      }
      default -> line(session, "audiosocket.unknown", dir, f, at).put("kind", Kinds.hex(kind)).put("length", p.length).log();
    }
  }

  private static EventBuilder line(Session session, String type, Direction dir, Frame f, long at) {
    return session.event(type).at(at).put("direction", dir.label()).put("offset", f.offset());
  }

  private void report(List<FrameProblem> problems, Direction dir, long at) {
    for (FrameProblem p : problems) {
      state.audio.diagnostics().report(p.diagnostic(), at, (dir == Direction.CLIENT_TO_UPSTREAM ? "from Asterisk: " : "from the agent: ")
          + p.message(), where(dir, p.offset()));
    }
  }

  private static Map<String, Object> where(Direction dir, long offset) {
    return Map.of("direction", dir == Direction.CLIENT_TO_UPSTREAM ? "inbound" : "outbound", "offset", offset);
  }

  /** The stream is over: a frame it ended inside is reported (before the call's audio is closed). */
  @Override
  public void onClose(Connection connection, CloseInfo close) {
    long now = connection.session().nanoTime();
    for (Direction d : Direction.values()) {
      List<FrameProblem> problems = new ArrayList<>(1);
      state.reader(d).finish(problems);
      report(problems, d, now);
    }
  }
}
