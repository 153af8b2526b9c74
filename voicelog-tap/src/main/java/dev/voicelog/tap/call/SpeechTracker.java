package dev.voicelog.tap.call;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.vad.EnergyVad;
import dev.voicelog.audio.vad.SpeechEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * voicelog-audio's {@link EnergyVad} on one stream of a call, with its positions put on the session's
 * clock by a {@link StreamTimeline}: feed it frames with the moment their first sample was heard, it says
 * when speech started and stopped. It also notices a signal that never changes (digital silence, or the
 * constant of PCM zeros sent as mu-law), which sounds like nothing whatever its level.
 *
 * <p>Not thread-safe: one stream, one thread.
 */
final class SpeechTracker {
  /** A change of speech: its time on the session's clock, and when the VAD knew (both session nanos). */
  record Change(boolean start, long atNanos, long detectedNanos) {}

  private final int rate;
  private final EnergyVad vad;
  private final StreamTimeline timeline;
  private short[] samples = new short[320];
  private boolean any;
  private boolean constant = true;
  private short firstValue;

  SpeechTracker(int rate, VadSettings settings) {
    this.rate = rate;
    this.vad = settings.create(rate);
    this.timeline = new StreamTimeline(rate);
  }

  int rate() {
    return rate;
  }

  /**
   * Feeds a frame (the first channel of {@code len} bytes in {@code format}, whose rate must be this
   * tracker's) whose first sample is at {@code startNanos}; returns the speech changes it caused.
   */
  List<Change> feed(byte[] audio, int off, int len, AudioFormat format, long startNanos) {
    int frames = (int) format.frames(len);
    if (frames == 0) {
      return List.of();
    }
    int channels = format.channels();
    if (samples.length < frames * channels) {
      samples = new short[frames * channels];
    }
    format.encoding().decode(audio, off, frames * channels, samples, 0);
    if (channels > 1) {
      for (int i = 0; i < frames; i++) {
        samples[i] = samples[i * channels];
      }
    }
    if (!any) {
      any = true;
      firstValue = samples[0];
    }
    for (int i = 0; constant && i < frames; i++) {
      constant = samples[i] == firstValue;
    }
    timeline.add(frames, startNanos);
    return changes(vad.process(samples, 0, frames));
  }

  /** Whether any frame so far reached the VAD's threshold (heard as sound, if too short for speech). */
  boolean anyLoud() {
    return vad.loudFrames() > 0;
  }

  /** Ends the stream: speech still going on ends at its last speech frame. */
  List<Change> finish() {
    return changes(vad.finish());
  }

  private List<Change> changes(List<SpeechEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<Change> out = new ArrayList<>(events.size());
    for (SpeechEvent e : events) {
      out.add(new Change(e.start(), timeline.nanosAt(e.sample()), timeline.nanosAt(e.detectedAt())));
    }
    return out;
  }

  /** Whether every sample fed so far had one value (false before any sample). */
  boolean constant() {
    return any && constant;
  }

  /** That value, when {@link #constant()}. */
  short constantValue() {
    return firstValue;
  }

  /** Whether speech is going on at the last sample fed. */
  boolean speaking() {
    return vad.speaking();
  }
}
