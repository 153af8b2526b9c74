package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.OverflowPolicy;
import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Writes realistic conversations through the real logger, on a manual clock: a greeting, then turns of
 * user speech (backdated start, as a VAD reports it), STT, LLM (optionally a tool call), TTS and playback,
 * optionally cut by a barge-in. For the page, server and Prometheus tests.
 */
final class Calls implements AutoCloseable {
  /** What happens in one turn; times in milliseconds. */
  static final class Turn {
    long pause = 700;
    long speech = 1800;
    long stt = 240;
    long llmTtft = 420;
    long tool = 0;
    long tts = 180;
    long play = 2600;
    boolean interrupted;
    String user = "What time do you open tomorrow?";
    String agent = "We open at nine in the morning.";

    Turn speech(long ms) {
      speech = ms;
      return this;
    }

    Turn llm(long ms) {
      llmTtft = ms;
      return this;
    }

    Turn tool(long ms) {
      tool = ms;
      return this;
    }

    Turn tts(long ms) {
      tts = ms;
      return this;
    }

    Turn play(long ms) {
      play = ms;
      return this;
    }

    Turn interrupted() {
      interrupted = true;
      return this;
    }

    Turn says(String user, String agent) {
      this.user = user;
      this.agent = agent;
      return this;
    }
  }

  final ManualClock clock;
  final VoiceLog log;
  final Path dir;

  Calls(Path dir) {
    this(dir, ManualClock.at("2026-11-21T09:00:00Z"), Rotation.NONE);
  }

  Calls(Path dir, ManualClock clock, Rotation rotation) {
    this.dir = dir;
    this.clock = clock;
    // BLOCK: a test writes faster than any agent; every event must reach the file.
    this.log = VoiceLog.builder().directory(dir).rotation(rotation).monotonicClock(clock).wallClock(clock)
        .overflow(OverflowPolicy.BLOCK).shutdownHook(false).build();
  }

  static Turn turn() {
    return new Turn();
  }

  Session start(String id, Map<String, ?> fields) {
    return log.startSession(id, fields);
  }

  /** The agent speaks first. */
  void greet(Session s, String text) {
    s.nextTurn();
    s.event(EventType.TTS_START).put("text", text).put("voice", "alloy").log();
    clock.advanceMillis(150);
    s.log(EventType.TTS_FIRST_AUDIO);
    clock.advanceMillis(20);
    s.log(EventType.TTS_PLAYBACK_START);
    clock.advanceMillis(1600);
    s.log(EventType.TTS_PLAYBACK_END);
  }

  void turn(Session s, Turn t) {
    s.nextTurn();
    clock.advanceMillis(t.pause + t.speech);
    s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(t.speech)).log();
    s.log(EventType.USER_SPEECH_END);
    clock.advanceMillis(10);
    s.log(EventType.STT_START);
    clock.advanceMillis(t.stt);
    s.event(EventType.STT_COMPLETE).put("transcript", t.user).put("provider", "deepgram").log();
    clock.advanceMillis(15);
    s.event(EventType.LLM_REQUEST).put("model", "gpt-4o-mini").log();
    if (t.tool > 0) {
      clock.advanceMillis(t.llmTtft / 2);
      s.event(EventType.TOOL_REQUEST_START).put("tool", "lookup_hours").log();
      clock.advanceMillis(t.tool);
      s.event(EventType.TOOL_REQUEST_END).put("tool", "lookup_hours").log();
      clock.advanceMillis(t.llmTtft - t.llmTtft / 2);
    } else {
      clock.advanceMillis(t.llmTtft);
    }
    s.log(EventType.LLM_FIRST_TOKEN);
    clock.advanceMillis(60);
    s.event(EventType.TTS_START).put("text", t.agent).put("voice", "alloy").log();
    clock.advanceMillis(Math.min(80, t.tts / 2));
    s.log(EventType.LLM_COMPLETE);
    clock.advanceMillis(t.tts - Math.min(80, t.tts / 2));
    s.log(EventType.TTS_FIRST_AUDIO);
    clock.advanceMillis(25);
    s.log(EventType.TTS_PLAYBACK_START);
    if (t.interrupted) {
      clock.advanceMillis(t.play / 3);
      s.event(EventType.TTS_PLAYBACK_INTERRUPTED).put("played_ms", t.play / 3).log();
    } else {
      clock.advanceMillis(t.play);
      s.log(EventType.TTS_PLAYBACK_END);
    }
  }

  /**
   * Writes a stereo 16-bit WAV of {@code seconds} at 8 kHz at {@code name}, relative to the log's directory
   * ({@code x.wav} next to the log, {@code recordings/x.wav} where the proxies put it; a tone on the left,
   * silence on the right) and logs RECORDING_SAVED the way voicelog-audio's recorder does.
   */
  Path recording(Session s, String name, double startT, double seconds) throws IOException {
    Path wav = dir.resolve(name);
    Files.createDirectories(wav.getParent());
    int rate = 8000;
    int frames = (int) (seconds * rate);
    ByteBuffer b = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + frames * 4).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 2).putInt(rate).putInt(rate * 4).putShort((short) 4).putShort((short) 16)
        .put("data".getBytes()).putInt(frames * 4);
    for (int i = 0; i < frames; i++) {
      b.putShort((short) (3000 * Math.sin(2 * Math.PI * 440 * i / rate))).putShort((short) 0);
    }
    try (OutputStream out = Files.newOutputStream(wav)) {
      out.write(b.array());
    }
    s.event(EventType.RECORDING_SAVED).put("path", wav.toAbsolutePath().toString()).put("start_t", startT)
        .put("sample_rate", rate).put("channels", 2).put("left", "user").put("right", "agent").put("frames", frames)
        .put("duration_s", seconds).put("complete", true).log();
    return wav;
  }

  /**
   * A log in {@code logs} of one call {@code id}, one turn, whose 2 s recording is at {@code wav} (relative to
   * {@code logs}, as in {@link #recording}): what a proxy leaves. Returns the recording's path.
   */
  static Path recordedCall(Path logs, String id, String wav) throws IOException {
    try (Calls calls = new Calls(logs)) {
      Session s = calls.start(id, Map.of("provider", "openai"));
      calls.turn(s, turn());
      Path file = calls.recording(s, wav, 0.0, 2.0);
      calls.end(s);
      calls.flush();
      return file;
    }
  }

  /** Ends the session after a short pause. */
  void end(Session s) {
    clock.advanceMillis(400);
    s.end();
  }

  /** Lets a minute pass between calls. */
  void idle(long ms) {
    clock.advanceMillis(ms);
  }

  /** Flushes everything to disk. */
  void flush() {
    log.flush(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    log.close();
  }

  /** The one file a log with {@link Rotation#NONE} writes. */
  Path file() {
    return dir.resolve("voicelog_events.jsonl");
  }
}
