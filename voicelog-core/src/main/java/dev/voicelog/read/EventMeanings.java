package dev.voicelog.read;

import dev.voicelog.EventType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * THE table that gives an event type its meaning for turns and metrics: the one place a foreign type
 * (the OpenAI Realtime API's, as written by seeds/002's loggers or by voicelog's Realtime tap) is mapped
 * onto a canonical milestone. Native and VoiceMode types mean themselves. Any type not listed means
 * nothing to the turn assembler and is kept as written.
 *
 * <p>A type may also <em>imply</em> a milestone: it stands in for that milestone only in a turn that has
 * no event meaning it. A speech-to-speech model has no separate text-to-speech step and its client may
 * not log playback, so {@code response.created} implies TTS_START and the first output audio delta
 * implies TTS_PLAYBACK_START; when playback events do exist ({@code output_audio_buffer.started}, or a
 * native TTS_PLAYBACK_START from a tap that knows when audio was played), those win.
 *
 * <table>
 *   <caption>Realtime API types (beta and GA names)</caption>
 *   <tr><th>type</th><th>means</th><th>implies</th></tr>
 *   <tr><td>input_audio_buffer.speech_started</td><td>USER_SPEECH_START</td><td></td></tr>
 *   <tr><td>input_audio_buffer.speech_stopped</td><td>USER_SPEECH_END</td><td></td></tr>
 *   <tr><td>input_audio_buffer.committed</td><td>TURN_END_DETECTED</td><td></td></tr>
 *   <tr><td>conversation.item.input_audio_transcription.completed</td><td>STT_COMPLETE</td><td></td></tr>
 *   <tr><td>conversation.item.input_audio_transcription.failed</td><td>STT_ERROR</td><td></td></tr>
 *   <tr><td>response.created</td><td>LLM_REQUEST</td><td>TTS_START</td></tr>
 *   <tr><td>response.output_text.delta, response.text.delta, response.output_audio_transcript.delta,
 *       response.audio_transcript.delta</td><td>LLM_FIRST_TOKEN</td><td></td></tr>
 *   <tr><td>response.output_audio.delta, response.audio.delta</td><td>TTS_FIRST_AUDIO</td><td>TTS_PLAYBACK_START</td></tr>
 *   <tr><td>output_audio_buffer.started</td><td>TTS_PLAYBACK_START</td><td></td></tr>
 *   <tr><td>output_audio_buffer.stopped</td><td>TTS_PLAYBACK_END</td><td></td></tr>
 *   <tr><td>output_audio_buffer.cleared, conversation.item.truncate, conversation.item.truncated,
 *       response.cancel</td><td>TTS_PLAYBACK_INTERRUPTED</td><td></td></tr>
 *   <tr><td>response.done</td><td>LLM_COMPLETE</td><td></td></tr>
 *   <tr><td>error</td><td>ERROR</td><td></td></tr>
 * </table>
 *
 * <p>"First of a response" needs no state here: within a turn every milestone is the first event of its
 * meaning by {@code t}, so the first audio delta of the reply is the one used. Thread-safe.
 */
final class EventMeanings {
  /** Data keys that give the played position (milliseconds of agent audio heard) of an interruption. */
  static final List<String> PLAYED_POSITION_KEYS = List.of("audio_end_ms", "played_ms");

  /** A type's meaning: the canonical milestone (or null) and what it implies. Immutable. */
  static final class Meaning {
    static final Meaning NONE = new Meaning(null, Set.of());

    final EventType canonical;
    final Set<EventType> implied;

    Meaning(EventType canonical, Set<EventType> implied) {
      this.canonical = canonical;
      this.implied = implied;
    }
  }

  private static final Map<String, Meaning> FOREIGN = new HashMap<>();
  private static final Meaning[] NATIVE = new Meaning[EventType.values().length];

  static {
    for (EventType t : EventType.values()) {
      NATIVE[t.ordinal()] = new Meaning(t, Set.of());
    }
    foreign(EventType.USER_SPEECH_START, null, "input_audio_buffer.speech_started");
    foreign(EventType.USER_SPEECH_END, null, "input_audio_buffer.speech_stopped");
    foreign(EventType.TURN_END_DETECTED, null, "input_audio_buffer.committed");
    foreign(EventType.STT_COMPLETE, null, "conversation.item.input_audio_transcription.completed");
    foreign(EventType.STT_ERROR, null, "conversation.item.input_audio_transcription.failed");
    foreign(EventType.LLM_REQUEST, EventType.TTS_START, "response.created");
    foreign(EventType.LLM_FIRST_TOKEN, null, "response.output_text.delta", "response.text.delta",
        "response.output_audio_transcript.delta", "response.audio_transcript.delta");
    foreign(EventType.TTS_FIRST_AUDIO, EventType.TTS_PLAYBACK_START, "response.output_audio.delta", "response.audio.delta");
    foreign(EventType.TTS_PLAYBACK_START, null, "output_audio_buffer.started");
    foreign(EventType.TTS_PLAYBACK_END, null, "output_audio_buffer.stopped");
    foreign(EventType.TTS_PLAYBACK_INTERRUPTED, null, "output_audio_buffer.cleared", "conversation.item.truncate",
        "conversation.item.truncated", "response.cancel");
    foreign(EventType.LLM_COMPLETE, null, "response.done");
    foreign(EventType.ERROR, null, "error");
  }

  private EventMeanings() {}

  private static void foreign(EventType canonical, EventType implied, String... types) {
    Set<EventType> imp = implied == null ? Set.of() : Collections.unmodifiableSet(EnumSet.of(implied));
    for (String type : types) {
      FOREIGN.put(type, new Meaning(canonical, imp));
    }
  }

  /** The meaning of a type as written; {@code known} is its {@link EventType} when it is a native one. */
  static Meaning of(String type, EventType known) {
    if (known != null) {
      return NATIVE[known.ordinal()];
    }
    Meaning m = FOREIGN.get(type);
    return m != null ? m : Meaning.NONE;
  }

  /** Whether the table gives {@code type} any meaning (for documentation and tests). */
  static boolean isMapped(String type) {
    return EventType.fromName(type) != null || FOREIGN.containsKey(type);
  }
}
