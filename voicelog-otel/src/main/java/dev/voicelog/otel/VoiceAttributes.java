package dev.voicelog.otel;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.voicelog.analysis.Metric;
import dev.voicelog.read.LogFormat;
import io.opentelemetry.api.common.AttributeKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code voice.*} span attributes and span names voicelog exports: what the OpenTelemetry GenAI
 * semantic conventions have no name for. Where the GenAI conventions do have one ({@code gen_ai.request.model},
 * {@code gen_ai.usage.input_tokens}, ...) it is used instead; docs/otel.md lists both. Durations are
 * seconds (doubles), as OpenTelemetry expects.
 *
 * <p>Constants only; thread-safe.
 */
public final class VoiceAttributes {
  // ---- span names ----
  /** The root span: one conversation. */
  public static final String CONVERSATION_SPAN = "conversation";
  /** A child of the conversation: one turn (DESIGN.md's definition). */
  public static final String TURN_SPAN = "turn";
  /** The user speaking: USER_SPEECH_START (else RECORDING_START) to USER_SPEECH_END (else RECORDING_END). */
  public static final String USER_SPEECH_SPAN = "user_speech";
  /** Speech-to-text: STT_START (else STT_REQUEST) to STT_COMPLETE, STT_NO_SPEECH or STT_ERROR. */
  public static final String STT_SPAN = "stt";
  /** End-of-turn detection: the user's end of speech to TURN_END_DETECTED. */
  public static final String END_OF_TURN_SPAN = "end_of_turn";
  /** Text-to-speech: TTS_START (else TTS_REQUEST) to TTS_ERROR, the end of playback, else TTS_FIRST_AUDIO. */
  public static final String TTS_SPAN = "tts";
  /** The agent's audio being played: TTS_PLAYBACK_START to TTS_PLAYBACK_END or TTS_PLAYBACK_INTERRUPTED. */
  public static final String AGENT_SPEECH_SPAN = "agent_speech";

  // ---- conversation ----
  /** The sessions a conversation is made of (more than one for stitched VoiceMode sessions). */
  public static final AttributeKey<List<String>> CONVERSATION_SESSIONS = stringArrayKey("voice.conversation.sessions");
  /** Turns in the conversation. */
  public static final AttributeKey<Long> CONVERSATION_TURNS = longKey("voice.conversation.turns");
  /** Whether the conversation's SESSION_END was seen (false: the log ended, or was closed, without it). */
  public static final AttributeKey<Boolean> CONVERSATION_ENDED = booleanKey("voice.conversation.ended");
  /** Events known lost: gaps in {@code seq}, and events the writer reported dropping (EVENTS_DROPPED). */
  public static final AttributeKey<Long> CONVERSATION_LOST_EVENTS = longKey("voice.conversation.lost_events");
  /** The line format the conversation was read from: {@code native}, {@code voicemode}, {@code realtime_guide}. */
  public static final AttributeKey<String> LOG_FORMAT = stringKey("voice.log.format");
  /**
   * Prefix of the scalar fields of the conversation's SESSION_START data (and, for Realtime logs, of its
   * session configuration): {@code voice.session.agent}, {@code voice.session.voice}, ...
   */
  public static final String SESSION_FIELD_PREFIX = "voice.session.";

  // ---- turn ----
  /** The turn's number in its conversation, from 1. */
  public static final AttributeKey<Long> TURN_NUMBER = longKey("voice.turn.number");
  /** Whether the agent's playback was cut by the user in this turn. */
  public static final AttributeKey<Boolean> TURN_INTERRUPTED = booleanKey("voice.turn.interrupted");
  /** The turn's anomalies, one line each ("TTS_START#17 has no TTS_FIRST_AUDIO in turn 3: ttfa not reported"). */
  public static final AttributeKey<List<String>> TURN_ANOMALIES = stringArrayKey("voice.turn.anomalies");
  /** What the user said (the STT transcript). Only with content capture on. */
  public static final AttributeKey<String> USER_TEXT = stringKey("voice.user.text");
  /** What the agent said. Only with content capture on. */
  public static final AttributeKey<String> AGENT_TEXT = stringKey("voice.agent.text");

  // ---- spans of a turn ----
  /** The event a span starts at, as {@code TYPE#seq} (or {@code TYPE@t} without a seq): a way back to the log line. */
  public static final AttributeKey<String> START_EVENT = stringKey("voice.span.start_event");
  /** The event a span ends at, as {@link #START_EVENT}. */
  public static final AttributeKey<String> END_EVENT = stringKey("voice.span.end_event");
  /** Whether speech-to-text heard no speech (the span ended with STT_NO_SPEECH). */
  public static final AttributeKey<Boolean> STT_NO_SPEECH = booleanKey("voice.stt.no_speech");
  /** The text-to-speech voice ({@code voice} of the TTS events' data). */
  public static final AttributeKey<String> TTS_VOICE = stringKey("voice.tts.voice");
  /** Whether the playback was interrupted by the user. */
  public static final AttributeKey<Boolean> PLAYBACK_INTERRUPTED = booleanKey("voice.playback.interrupted");
  /** Seconds of the agent's audio heard before the interruption, when the interruption says. */
  public static final AttributeKey<Double> PLAYBACK_PLAYED = doubleKey("voice.playback.played");

  // ---- span events ----
  /** On a span event: the event type as written in the log (a Realtime type, for instance). */
  public static final AttributeKey<String> EVENT_TYPE = stringKey("voice.event.type");
  /** On a span event: the event's seq, when it has one. */
  public static final AttributeKey<Long> EVENT_SEQ = longKey("voice.event.seq");

  private static final Map<Metric, AttributeKey<Double>> METRICS = new EnumMap<>(Metric.class);

  static {
    for (Metric m : Metric.values()) {
      METRICS.put(m, doubleKey(metricName(m)));
    }
  }

  private VoiceAttributes() {}

  /**
   * The attribute of a turn metric, in seconds: {@code voice.} and the metric's DESIGN.md name
   * ({@code voice.voice_to_voice}, {@code voice.ttfa}, ...). Turn spans carry every metric they have; the
   * span a metric describes carries it too. The latency histograms have the same names.
   */
  public static AttributeKey<Double> metric(Metric m) {
    return METRICS.get(m);
  }

  /** The value of {@link #LOG_FORMAT}: {@code native}, {@code voicemode}, {@code realtime_guide}. */
  static String logFormat(LogFormat f) {
    return f == null ? "native" : f.name().toLowerCase(Locale.ROOT);
  }

  /** {@code voice.} and the metric's id: the name of its span attribute and of its histogram. */
  public static String metricName(Metric m) {
    return "voice." + m.id();
  }
}
