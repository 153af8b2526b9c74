package dev.voicelog.cli;

import dev.voicelog.EventType;
import dev.voicelog.MonotonicClock;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.WallClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted phone call through the real logger, on a simulated clock: the timing is that of a real
 * agent (VAD-backdated speech starts, streaming STT, an LLM that calls a tool, TTS, playback, a barge-in,
 * a cough that STT hears as nothing) but the call takes no time to run. Used by {@code voicelog demo}.
 */
final class DemoAgent {
  /** Both clocks of the demo's log, moved by the script. */
  static final class SimulatedClock implements MonotonicClock, WallClock {
    private final AtomicLong nanos = new AtomicLong();
    private final long wallStartMicros;

    SimulatedClock(long wallStartMicros) {
      this.wallStartMicros = wallStartMicros;
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public long epochMicros() {
      return wallStartMicros + nanos.get() / 1_000;
    }

    void set(double seconds) {
      long target = Math.round(seconds * 1e9);
      if (target > nanos.get()) {
        nanos.set(target);
      }
    }
  }

  private final SimulatedClock clock;
  private Session call;

  DemoAgent(SimulatedClock clock) {
    this.clock = clock;
  }

  /** Runs the call into {@code log} and ends its session. */
  void run(VoiceLog log, String sessionId) {
    call = log.startSession(sessionId, fields("agent", "harbor-dental-receptionist", "provider", "deepgram",
        "model", "gpt-4o-mini", "voice", "alloy", "transport", "twilio"));
    greeting();
    rescheduleWithAToolCall();
    bargeIn();
    cough();
    goodbye();
    at(29.0);
    call.end(fields("reason", "caller_hung_up"));
  }

  private void greeting() {
    call.nextTurn();
    at(0.150).event(EventType.TTS_START).put("message", "Hi, this is Ada from Harbor Dental. How can I help you today?")
        .put("voice", "alloy").put("model", "tts-1").log();
    at(0.362).event(EventType.TTS_FIRST_AUDIO).log();
    at(0.398).event(EventType.TTS_PLAYBACK_START).log();
    agentAudio(0.398, 3.9);
    at(3.9).event(EventType.TTS_PLAYBACK_END).log();
  }

  private void rescheduleWithAToolCall() {
    userSays(4.70, 6.90, "Hi, I'd like to move my appointment to Friday.", 7.15, 7.18);
    at(7.19).event(EventType.LLM_REQUEST).put("model", "gpt-4o-mini").log();
    at(7.61).event(EventType.LLM_FIRST_TOKEN).log();
    at(7.62).event(EventType.TOOL_REQUEST_START).put("tool", "find_slots").put("args", Map.of("day", "friday")).log();
    at(8.43).event(EventType.TOOL_REQUEST_END).put("tool", "find_slots").put("result", "2 slots").log();
    at(8.71).event(EventType.TTS_START).put("message", "I can do Friday at 10:30 or at 2:15. Which works better?")
        .put("voice", "alloy").put("model", "tts-1").log();
    at(8.93).event(EventType.TTS_FIRST_AUDIO).log();
    at(8.96).event(EventType.TTS_PLAYBACK_START).log();
    at(9.05).event(EventType.LLM_COMPLETE).put("tokens", 38).log();
    agentAudio(8.96, 12.6);
    at(12.6).event(EventType.TTS_PLAYBACK_END).log();
  }

  private void bargeIn() {
    userSays(13.40, 14.30, "Two fifteen, please.", Double.NaN, 14.56);
    at(14.57).event(EventType.LLM_REQUEST).put("model", "gpt-4o-mini").log();
    at(14.93).event(EventType.LLM_FIRST_TOKEN).log();
    at(14.98).event(EventType.TTS_START).put("message", "Great, you're booked for Friday at 2:15. You'll get a text reminder"
        + " the day before, and if anything changes you can call us back any time.").put("voice", "alloy").put("model", "tts-1").log();
    at(15.19).event(EventType.TTS_FIRST_AUDIO).log();
    at(15.23).event(EventType.TTS_PLAYBACK_START).log();
    at(15.31).event(EventType.LLM_COMPLETE).put("tokens", 31).log();
    agentAudio(15.23, 17.36);
    // The caller talks over the agent: the VAD fires 250 ms into their speech, playback is cut right after.
    call.nextTurn();
    at(17.35).event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(250)).log();
    at(17.36).event(EventType.TTS_PLAYBACK_INTERRUPTED).put("played_ms", 2130).put("reason", "barge_in").log();
    userAudio(17.10, 18.50);
    at(18.50).event(EventType.USER_SPEECH_END).log();
    at(18.51).event(EventType.STT_START).put("provider", "deepgram").log();
    at(18.77).event(EventType.STT_COMPLETE).put("transcript", "Sorry, can you send it by email instead?")
        .put("provider", "deepgram").put("confidence", 0.93).log();
    at(18.78).event(EventType.LLM_REQUEST).put("model", "gpt-4o-mini").log();
    at(19.12).event(EventType.LLM_FIRST_TOKEN).log();
    at(19.17).event(EventType.TTS_START).put("message", "Of course. I'll email the confirmation right away.")
        .put("voice", "alloy").put("model", "tts-1").log();
    at(19.37).event(EventType.TTS_FIRST_AUDIO).log();
    at(19.41).event(EventType.TTS_PLAYBACK_START).log();
    at(19.44).event(EventType.LLM_COMPLETE).put("tokens", 12).log();
    agentAudio(19.41, 21.2);
    at(21.2).event(EventType.TTS_PLAYBACK_END).log();
  }

  private void cough() {
    call.nextTurn();
    at(23.25).event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(250)).log();
    userAudio(23.0, 23.35);
    at(23.35).event(EventType.USER_SPEECH_END).log();
    at(23.355).event(EventType.STT_START).put("provider", "deepgram").log();
    at(23.60).event(EventType.STT_NO_SPEECH).put("provider", "deepgram").put("reason", "no words recognised").log();
  }

  private void goodbye() {
    userSays(25.10, 25.90, "Thanks, bye!", Double.NaN, 26.15);
    at(26.16).event(EventType.LLM_REQUEST).put("model", "gpt-4o-mini").log();
    at(26.48).event(EventType.LLM_FIRST_TOKEN).log();
    at(26.52).event(EventType.TTS_START).put("message", "Bye, have a great day!").put("voice", "alloy").put("model", "tts-1").log();
    at(26.72).event(EventType.TTS_FIRST_AUDIO).log();
    at(26.76).event(EventType.TTS_PLAYBACK_START).log();
    at(26.77).event(EventType.LLM_COMPLETE).put("tokens", 7).log();
    agentAudio(26.76, 28.1);
    at(28.1).event(EventType.TTS_PLAYBACK_END).log();
  }

  /**
   * A new turn: the caller speaks from {@code start} to {@code end}; the turn detector decides the caller
   * is done at {@code turnEnd} (NaN: no detector); STT completes at {@code sttDone}.
   */
  private void userSays(double start, double end, String transcript, double turnEnd, double sttDone) {
    call.nextTurn();
    at(start + 0.25).event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(250)).log();
    userAudio(start, end);
    at(end).event(EventType.USER_SPEECH_END).log();
    at(end + 0.005).event(EventType.STT_START).put("provider", "deepgram").log();
    if (!Double.isNaN(turnEnd)) {
      at(turnEnd).event(EventType.TURN_END_DETECTED).put("detector", "semantic").log();
    }
    at(sttDone).event(EventType.STT_COMPLETE).put("transcript", transcript).put("provider", "deepgram")
        .put("confidence", 0.96).log();
  }

  /** 20 ms frames of 8 kHz mu-law from the caller: counted, written as AUDIO_STATS, never a line each. */
  private void userAudio(double from, double to) {
    for (double s = from; s < to; s += 0.02) {
      call.audioIn(160, 20.0);
    }
  }

  private void agentAudio(double from, double to) {
    for (double s = from; s < to; s += 0.02) {
      call.audioOut(160, 20.0);
    }
  }

  private Session at(double seconds) {
    clock.set(seconds);
    return call;
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
