package dev.voicelog.tap.call;

import dev.voicelog.audio.format.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One playback of the agent's, as the caller hears it: from the first frame played after silence until the
 * audio stops for longer than the merge gap (or is cut). Gaps shorter than that are heard as gaps inside
 * the playback and counted here. It also keeps what the judgements at its end need: the agent's speech as
 * the VAD heard it (on the playout clock), whether every sample was the same, and the first quarter second
 * of its bytes for the audio doctor.
 *
 * <p>Not thread-safe: {@link CallAudio} guards it.
 */
final class Playback {
  /**
   * The agent's audio the doctor examines per playback: its first quarter second (2,000 samples at 8 kHz
   * tell a wrong encoding plainly; more only costs CPU on every playback of every call).
   */
  static final double DOCTOR_SECONDS = 0.25;

  final long start;
  final long firstArrival;
  long lastArrival;
  long audioNanos;
  /** The duration of the last chunk: the audio that arrived before it took {@code lastArrival - firstArrival}. */
  long lastChunkNanos;
  int chunks;
  int gaps;
  long gapNanos;
  private final VadSettings vadSettings;
  private SpeechTracker speech;
  private final List<long[]> speechSegments = new ArrayList<>();
  private long speechOpen = Long.MIN_VALUE;
  private boolean constant = true;
  private boolean anySample;
  private boolean loud;
  private short constantValue;
  private final ByteArrayOutputStream doctorBytes = new ByteArrayOutputStream();
  private AudioFormat doctorFormat;

  Playback(long start, long firstArrival, VadSettings vadSettings) {
    this.start = start;
    this.firstArrival = firstArrival;
    this.lastArrival = firstArrival;
    this.vadSettings = vadSettings;
  }

  /** A chunk of this playback: arrived at {@code arrived}, plays from {@code playStart} for {@code nanos}. */
  void add(byte[] audio, int off, int len, AudioFormat format, long arrived, long playStart, long nanos) {
    chunks++;
    audioNanos += nanos;
    lastArrival = arrived;
    lastChunkNanos = nanos;
    if (speech != null && speech.rate() != format.sampleRate()) {
      absorb(speech.finish());
      noteTracker(speech);
      speech = null;
    }
    if (speech == null) {
      speech = new SpeechTracker(format.sampleRate(), vadSettings);
    }
    absorb(speech.feed(audio, off, len, format, playStart));
    if (doctorFormat == null) {
      doctorFormat = format;
    }
    if (format.equals(doctorFormat) && doctorBytes.size() < DOCTOR_SECONDS * format.bytesPerMs() * 1000) {
      doctorBytes.write(audio, off, len - len % format.bytesPerFrame()); // each frame is read on its own: whole samples
    }
  }

  /**
   * How fast the agent's audio came, in seconds of audio per second: the audio before the last chunk over the
   * time from the first chunk's arrival to the last's. A sender paced at real time is at 1 however much its
   * chunks jitter; one sending faster than real time is far above; a slow one below. Infinite when all of it
   * came at once.
   */
  double arrivalRate() {
    long span = lastArrival - firstArrival;
    return span <= 0 ? Double.POSITIVE_INFINITY : (audioNanos - lastChunkNanos) / (double) span;
  }

  /** The playout ran dry for {@code nanos} before the next chunk arrived. */
  void gap(long nanos) {
    gaps++;
    gapNanos += nanos;
  }

  private void absorb(List<SpeechTracker.Change> changes) {
    for (SpeechTracker.Change c : changes) {
      if (c.start()) {
        speechOpen = c.atNanos();
      } else if (speechOpen != Long.MIN_VALUE) {
        speechSegments.add(new long[] {speechOpen, c.atNanos()});
        speechOpen = Long.MIN_VALUE;
      }
    }
  }

  /** What a finished tracker says of the whole stream: anything loud, and whether it held one value. */
  private void noteTracker(SpeechTracker t) {
    loud |= t.anyLoud();
    if (!t.constant()) {
      constant = false;
    } else if (!anySample) {
      anySample = true;
      constantValue = t.constantValue();
    } else if (t.constantValue() != constantValue) {
      constant = false;
    }
  }

  /** The playback is over: the VAD's open speech is closed. Call once, before the questions below. */
  void finish() {
    if (speech != null) {
      absorb(speech.finish());
      noteTracker(speech);
      speech = null;
    }
  }

  /**
   * Whether any of the playback reached the VAD's threshold: the caller heard sound, even if too little for
   * speech (a word cut off by a gap in the agent's audio). Call after {@link #finish()}.
   */
  boolean loud() {
    return loud;
  }

  /** Whether every sample of the playback had one value (silence, or a DC level nobody hears). */
  boolean constant() {
    return anySample && constant;
  }

  short constantValue() {
    return constantValue;
  }

  /** Speech the caller heard before {@code end} (the playback's end or cut), nanoseconds. */
  long heardSpeechNanos(long end) {
    long sum = 0;
    for (long[] s : speechSegments) {
      sum += Math.max(0, Math.min(s[1], end) - Math.max(s[0], start));
    }
    return sum;
  }

  /** From the start of the playback to its first speech, or -1 when it had none before {@code end}. */
  long leadingSilenceNanos(long end) {
    for (long[] s : speechSegments) {
      if (s[0] < end) {
        return Math.max(0, s[0] - start);
      }
    }
    return -1;
  }

  /** The first quarter second of its bytes, for the audio doctor, and their format (null when none). */
  byte[] doctorBytes() {
    return doctorBytes.toByteArray();
  }

  AudioFormat doctorFormat() {
    return doctorFormat;
  }
}
