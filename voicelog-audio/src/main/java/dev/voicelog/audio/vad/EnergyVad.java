package dev.voicelog.audio.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * An energy voice-activity detector: a frame is speech when its RMS level is at or above a threshold in
 * dBFS. Speech starts after {@code minSpeech} of consecutive speech frames and is reported at its first
 * frame (backdated); it ends when {@code hangover} has passed with no speech frame and is reported at the
 * end of its last speech frame. So a start is reported {@code minSpeech} late and an end {@code hangover}
 * late, both with the exact positions ({@link SpeechEvent#detectedAt()} says when).
 *
 * <p>Accurate to one frame ({@link Builder#frameMs(int)}, 10 ms by default) on clean speech; it knows
 * nothing of noise, so set the threshold above the noise floor.
 *
 * <p>Not thread-safe: one stream per instance. Never allocates per frame; {@link #process} allocates the
 * returned list only when there are events.
 */
public final class EnergyVad {
  /** Default of {@link Builder#frameMs}: the analysis frame, in milliseconds. */
  public static final int DEFAULT_FRAME_MS = 10;
  /** Default of {@link Builder#thresholdDbfs}: the level at which a frame counts as speech, in dBFS. */
  public static final double DEFAULT_THRESHOLD_DBFS = -45;
  /** Default of {@link Builder#minSpeechMs}: speech shorter than this, in milliseconds, is ignored. */
  public static final int DEFAULT_MIN_SPEECH_MS = 60;
  /** Default of {@link Builder#hangoverMs}: silence shorter than this, in milliseconds, does not end speech. */
  public static final int DEFAULT_HANGOVER_MS = 300;

  private final int frame;
  private final double thresholdPower;
  private final int minSpeechFrames;
  private final int hangoverFrames;

  private long position; // samples consumed
  private double frameEnergy;
  private int inFrame;
  private boolean speaking;
  private int speechRun;
  private long runStart;
  private long lastSpeechEnd;
  private int silentFrames;
  private long loudFrames;

  private EnergyVad(Builder b) {
    this.frame = Math.max(1, b.sampleRate * b.frameMs / 1000);
    double rms = Math.pow(10, b.thresholdDbfs / 20) * 32768;
    this.thresholdPower = rms * rms;
    this.minSpeechFrames = Math.max(1, (b.minSpeechMs + b.frameMs - 1) / b.frameMs);
    this.hangoverFrames = Math.max(1, (b.hangoverMs + b.frameMs - 1) / b.frameMs);
  }

  /** A builder for a stream at {@code sampleRate} Hz. */
  public static Builder builder(int sampleRate) {
    return new Builder(sampleRate);
  }

  /** Samples per analysis frame. */
  public int frameSamples() {
    return frame;
  }

  /** Whether the last frame left it in speech. */
  public boolean speaking() {
    return speaking;
  }

  /**
   * Frames so far whose level reached the threshold, speech or not: a sound shorter than the least speech
   * ({@link Builder#minSpeechMs}) is no speech event but is counted here.
   */
  public long loudFrames() {
    return loudFrames;
  }

  /** Feeds {@code n} samples from {@code off}; returns the events they caused (often none). */
  public List<SpeechEvent> process(short[] samples, int off, int n) {
    List<SpeechEvent> events = null;
    for (int i = 0; i < n; i++) {
      double v = samples[off + i];
      frameEnergy += v * v;
      if (++inFrame == frame) {
        SpeechEvent e = endFrame();
        if (e != null) {
          if (events == null) {
            events = new ArrayList<>(2);
          }
          events.add(e);
        }
      }
    }
    return events == null ? List.of() : events;
  }

  /** Ends the stream: reports the end of speech still going on, at its last speech frame. */
  public List<SpeechEvent> finish() {
    if (!speaking) {
      return List.of();
    }
    speaking = false;
    return List.of(new SpeechEvent(false, lastSpeechEnd, position + inFrame));
  }

  private SpeechEvent endFrame() {
    boolean speech = frameEnergy / frame >= thresholdPower;
    long frameStart = position;
    position += frame;
    frameEnergy = 0;
    inFrame = 0;
    if (speech) {
      loudFrames++;
      lastSpeechEnd = position;
      silentFrames = 0;
      if (speechRun++ == 0) {
        runStart = frameStart;
      }
      if (!speaking && speechRun >= minSpeechFrames) {
        speaking = true;
        return new SpeechEvent(true, runStart, position);
      }
      return null;
    }
    speechRun = 0;
    if (speaking && ++silentFrames >= hangoverFrames) {
      speaking = false;
      return new SpeechEvent(false, lastSpeechEnd, position);
    }
    return null;
  }

  /**
   * Validating builder; every setting has a named default. Not thread-safe: configure and build it on one thread.
   */
  public static final class Builder {
    private final int sampleRate;
    private int frameMs = DEFAULT_FRAME_MS;
    private double thresholdDbfs = DEFAULT_THRESHOLD_DBFS;
    private int minSpeechMs = DEFAULT_MIN_SPEECH_MS;
    private int hangoverMs = DEFAULT_HANGOVER_MS;

    private Builder(int sampleRate) {
      if (sampleRate < 1000) {
        throw new IllegalArgumentException("sample rate must be at least 1000 Hz: " + sampleRate);
      }
      this.sampleRate = sampleRate;
    }

    /** Analysis frame, 5 to 100 ms (default {@value EnergyVad#DEFAULT_FRAME_MS}). */
    public Builder frameMs(int ms) {
      if (ms < 5 || ms > 100) {
        throw new IllegalArgumentException("frameMs must be 5 to 100: " + ms);
      }
      this.frameMs = ms;
      return this;
    }

    /** Level at which a frame counts as speech, -100 to 0 dBFS (default {@value EnergyVad#DEFAULT_THRESHOLD_DBFS}). */
    public Builder thresholdDbfs(double dbfs) {
      if (!(dbfs >= -100 && dbfs <= 0)) {
        throw new IllegalArgumentException("thresholdDbfs must be -100 to 0: " + dbfs);
      }
      this.thresholdDbfs = dbfs;
      return this;
    }

    /**
     * Speech shorter than this is ignored (a click, a cough), 0 to 2000 ms (default
     * {@value EnergyVad#DEFAULT_MIN_SPEECH_MS}).
     */
    public Builder minSpeechMs(int ms) {
      if (ms < 0 || ms > 2000) {
        throw new IllegalArgumentException("minSpeechMs must be 0 to 2000: " + ms);
      }
      this.minSpeechMs = ms;
      return this;
    }

    /**
     * Silence shorter than this does not end speech (the pauses inside a sentence), 0 to 5000 ms (default
     * {@value EnergyVad#DEFAULT_HANGOVER_MS}).
     */
    public Builder hangoverMs(int ms) {
      if (ms < 0 || ms > 5000) {
        throw new IllegalArgumentException("hangoverMs must be 0 to 5000: " + ms);
      }
      this.hangoverMs = ms;
      return this;
    }

    /** A detector at the start of its stream; the builder may be used again. */
    public EnergyVad build() {
      return new EnergyVad(this);
    }
  }
}
