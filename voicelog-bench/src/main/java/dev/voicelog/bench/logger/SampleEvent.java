package dev.voicelog.bench.logger;

/**
 * The one event both loggers write, so that they do the same work: a {@code TTS_START} of a session in its
 * third turn with two string and two number fields. Written by voicelog it is a line like
 *
 * <pre>{"timestamp":"2026-11-21T15:30:45.123456Z","event_type":"TTS_START","session_id":"conv_01JD4X8Z9Q2M7K3B5N6PWXYZ","seq":123456,"t":12.345678,"turn":3,"data":{"provider":"elevenlabs","voice":"alloy","chars":42,"ttfb_ms":187.345}}</pre>
 *
 * <p>about 220 bytes; Log4j2's templates ({@code log4j2-event-*.json}) write the same fields in the same
 * order. The numbers change with the event's index so that nothing is folded into a constant.
 */
final class SampleEvent {
  static final String SESSION_ID = "conv_01JD4X8Z9Q2M7K3B5N6PWXYZ";
  static final String EVENT_TYPE = "TTS_START";
  static final int TURN = 3;
  static final String PROVIDER = "elevenlabs";
  static final String VOICE = "alloy";
  /** No line of the benchmarks is shorter (voicelog's SESSION_START is about 150 bytes). */
  static final int MIN_LINE_BYTES = 140;

  private SampleEvent() {}

  /** Characters sent to the TTS: 40 to 103. */
  static int chars(int i) {
    return 40 + (i & 63);
  }

  /** Time to first byte in milliseconds with microsecond digits, 150.000 to 249.999: a realistic double. */
  static double ttfbMs(int i) {
    return 150 + (i % 100_000) / 1000.0;
  }
}
