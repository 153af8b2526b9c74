package dev.voicelog.tap.realtime;

import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;

/**
 * Puts the user's speech where it happened. The server's {@code speech_started} arrives after its VAD has
 * heard enough speech, and {@code speech_stopped} after it has heard {@code silence_duration_ms} of
 * silence; their {@code audio_start_ms} / {@code audio_end_ms} are positions in the session's input audio
 * that include server VAD's {@code prefix_padding_ms} and {@code silence_duration_ms}. So the speech itself
 * spans {@code audio_start_ms + prefix_padding_ms} to {@code audio_end_ms - silence_duration_ms} (the
 * values of the configuration in force; the API's defaults when the session never set them), and the
 * proxy knows when the audio at those positions passed through it. The event's line gets that moment as
 * its {@code t} (backdated), and keeps the arrival in {@code received_t}:
 *
 * <pre>{@code
 * {"event_type":"input_audio_buffer.speech_stopped","t":2.020000,"data":{"direction":"server_to_client",
 *  "audio_end_ms":2500,"item_id":"...","speech_position_ms":2000,"timing":"audio_position","received_t":2.520000}}
 * }</pre>
 *
 * <p>When the position is not known (audio older than the timeline keeps, or a semantic VAD, whose
 * silence is not fixed), the line keeps its arrival time and says {@code "timing":"arrival"}.
 */
final class SpeechTimingInterceptor implements Interceptor {
  private final RealtimeState state;
  private final long sessionStartNanos;

  SpeechTimingInterceptor(RealtimeState state, long sessionStartNanos) {
    this.state = state;
    this.sessionStartNanos = sessionStartNanos;
  }

  @Override
  public void intercept(Chain chain) {
    chain.proceed(chain.message());
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    if (chain.message().direction() != Direction.UPSTREAM_TO_CLIENT
        || !e.is(RealtimeTypes.SPEECH_STARTED, RealtimeTypes.SPEECH_STOPPED)) {
      return;
    }
    TurnDetection vad = state.config().turnDetection();
    boolean start = e.is(RealtimeTypes.SPEECH_STARTED);
    String field = start ? "audio_start_ms" : "audio_end_ms";
    if (!e.json.path(field).isNumber()) {
      e.extra.put("timing", "arrival");
      return;
    }
    double reported = e.json.path(field).asDouble();
    double position = !vad.hasFixedPadding() ? reported
        : start ? reported + vad.prefixPaddingMs() : Math.max(0, reported - vad.silenceDurationMs());
    long at = state.inputForwardedAt(position);
    e.extra.put("speech_position_ms", AudioInterceptor.round(position));
    if (at == InputAudioTimeline.UNKNOWN || !vad.hasFixedPadding()) {
      e.extra.put("timing", "arrival");
    } else {
      e.occurredNanos = at;
      e.extra.put("timing", "audio_position");
    }
    e.extra.put("received_t", seconds(chain.message().receivedNanos()));
  }

  private double seconds(long nanos) {
    return Math.floorDiv(nanos - sessionStartNanos, 1_000) / 1e6;
  }
}
