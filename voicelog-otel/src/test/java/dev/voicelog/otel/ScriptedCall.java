package dev.voicelog.otel;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.testing.ManualClock;
import java.time.Duration;
import java.util.Map;

/**
 * A two-turn phone call logged through the real {@link VoiceLog} on a {@link ManualClock}, the way an agent
 * logs it: the user's speech start backdated by the VAD's speech duration, an LLM turn with a tool call, a
 * reply the user interrupts, and a second turn whose LLM call fails. Times below are seconds since the
 * session started.
 */
final class ScriptedCall {
  /** The wall-clock time of the first session's start. */
  static final String START = "2026-11-21T10:00:00Z";
  /** Spans per call: conversation, 2 turns, turn 1 (user_speech, stt, end_of_turn, chat, tool, tts, agent_speech), turn 2 (user_speech, stt, chat). */
  static final int SPANS = 1 + 2 + 7 + 3;

  /** Lines one call writes: SESSION_START, the 20 events below, SESSION_END. */
  static final int LINES = 22;

  private final ManualClock clock;
  private long nowMs;

  ScriptedCall(ManualClock clock) {
    this.clock = clock;
  }

  private void at(long ms) {
    clock.advanceMillis(ms - nowMs);
    nowMs = ms;
  }

  /** Logs one call as session {@code id}; the clock moves 10 s. */
  void run(VoiceLog log, String id) {
    nowMs = 0;
    Session s = log.startSession(id, Map.of("agent", "test-agent", "channel", "pstn"));
    at(2_000);
    s.nextTurn();
    s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(1_200)).log(); // the VAD fired at 2.0 s: speech began at 0.8 s
    at(3_000);
    s.log(EventType.USER_SPEECH_END);
    at(3_050);
    s.event(EventType.STT_START).put("provider", "deepgram").put("model", "nova-3").log();
    at(3_200);
    s.log(EventType.TURN_END_DETECTED);
    at(3_400);
    s.event(EventType.STT_COMPLETE).put("transcript", "What's the weather in Lisbon?").log();
    at(3_450);
    s.event(EventType.LLM_REQUEST).put("model", "gpt-4o").put("provider", "openai").log();
    at(3_800);
    s.log(EventType.LLM_FIRST_TOKEN);
    at(3_850);
    s.event(EventType.TOOL_REQUEST_START).put("tool", "weather").put("call_id", "call_1").log();
    at(4_100);
    s.event(EventType.TOOL_REQUEST_END).put("tool", "weather").log();
    at(4_300);
    s.event(EventType.LLM_COMPLETE).put("input_tokens", 120).put("output_tokens", 30).log();
    at(4_350);
    s.event(EventType.TTS_START).put("voice", "alloy").put("model", "tts-1").put("text", "It's sunny and 24 degrees.").log();
    at(4_550);
    s.log(EventType.TTS_FIRST_AUDIO);
    at(4_600);
    s.log(EventType.TTS_PLAYBACK_START);
    at(5_500); // the user barges in: the VAD fires at 5.5 s, speech began at 5.2 s
    s.nextTurn();
    s.event(EventType.USER_SPEECH_START).earlierBy(Duration.ofMillis(300)).log();
    s.event(EventType.TTS_PLAYBACK_INTERRUPTED).put("played_ms", 900).log();
    at(6_000);
    s.log(EventType.USER_SPEECH_END);
    at(6_050);
    s.log(EventType.STT_START);
    at(6_300);
    s.event(EventType.STT_COMPLETE).put("transcript", "And tomorrow?").log();
    at(6_350);
    s.event(EventType.LLM_REQUEST).put("model", "gpt-4o").put("provider", "openai").log();
    at(6_900);
    s.event(EventType.LLM_ERROR).put("error", "rate limited").log();
    at(7_500);
    s.end();
    at(10_000);
  }

  /** Epoch nanoseconds of {@code ms} after the start of a session that began at {@link #START}. */
  static long nanos(long ms) {
    return java.time.Instant.parse(START).toEpochMilli() * 1_000_000L + ms * 1_000_000L;
  }
}
