package dev.voicelog.audio.record;

import dev.voicelog.audio.codec.Pcm16;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.resample.Resampler;

/**
 * One channel of the recording: decodes each frame, resamples it to the recording's rate and places it.
 *
 * <p>Frames that follow one another (a gap under one output sample) go through one resampler, so a
 * stream split into frames is resampled as one signal. A gap is filled with silence: fed to the resampler
 * when short (up to {@link #MAX_FED_GAP_SECONDS}), otherwise the segment ends (its resampler is flushed)
 * and a new one starts where the frame belongs. A new format or rate also starts a new segment. A frame
 * that would overlap audio already placed starts where that audio ends: nothing is mixed or dropped.
 * Recorder thread only.
 */
final class Track {
  static final double MAX_FED_GAP_SECONDS = 1.0;

  private final int channel;
  private final int rate;
  private final Mix mix;
  private AudioFormat format;
  private Resampler resampler;
  /** Absolute frame where the current segment's output 0 belongs. */
  private long segmentStart;
  private long segmentInputs;
  private long segmentOutputs;
  private short[] decoded = new short[0];
  private float[] in = new float[0];
  private float[] out = new float[0];
  private short[] pcm = new short[0];
  private double lastEnd = Double.NEGATIVE_INFINITY;
  /** Samples that belonged before the part of the file still open: dropped, or placed later than they belong. */
  long lateSamples;
  long clippedSamples;

  Track(int channel, int rate, Mix mix) {
    this.channel = channel;
    this.rate = rate;
    this.mix = mix;
  }

  /** Where the channel's audio ends, in output frames (fractional), or -infinity before any. */
  double end() {
    return resampler == null ? lastEnd : segmentStart + (double) segmentInputs * rate / format.sampleRate();
  }

  /** Places one frame whose first sample belongs at output frame {@code at}. */
  void place(byte[] audio, AudioFormat fmt, long at) {
    int frames = (int) fmt.frames(audio.length);
    if (frames == 0) {
      return;
    }
    double end = end();
    if (resampler != null && (!fmt.equals(format) || at - end > MAX_FED_GAP_SECONDS * rate)) {
      endSegment();
      end = end();
    }
    long base = mix.base;
    long droppedBefore = lateSamples;
    if (resampler == null) {
      format = fmt;
      resampler = Resampler.create(fmt.sampleRate(), rate);
      segmentStart = Math.max(at, Math.max(mix.base, (long) Math.ceil(end)));
      segmentInputs = 0;
      segmentOutputs = 0;
    } else if (at - end >= 1) {
      feedSilence((long) Math.floor((at - end) * fmt.sampleRate() / rate));
    }
    feed(decode(audio, fmt, frames), frames);
    if (at < base) {
      // It belonged where the file is written already. What the mix did not drop (and count) went later than it
      // belongs (to the horizon, or after the audio before it): late as well.
      long belated = Math.min(Math.round(frames * (double) rate / fmt.sampleRate()), base - at);
      lateSamples += Math.max(0, belated - (lateSamples - droppedBefore));
    }
  }

  /** Ends the segment: the resampler's tail is placed. The next frame starts a new one. */
  void endSegment() {
    if (resampler == null) {
      return;
    }
    ensure(0, resampler.maxFlushOutput());
    int n = resampler.flush(out, 0);
    emit(n);
    lastEnd = segmentStart + segmentOutputs;
    resampler = null;
  }

  /** Silences the channel from output frame {@code at} on: the audio there was never played. */
  void cut(long at) {
    endSegment();
    mix.silence(channel, at);
    lastEnd = Math.min(lastEnd, at);
  }

  private float[] decode(byte[] audio, AudioFormat fmt, int frames) {
    int channels = fmt.channels();
    if (decoded.length < frames * channels) {
      decoded = new short[frames * channels];
    }
    fmt.encoding().decode(audio, 0, frames * channels, decoded, 0);
    if (in.length < frames) {
      in = new float[frames];
    }
    for (int i = 0; i < frames; i++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += decoded[i * channels + c];
      }
      in[i] = sum / (Pcm16.SCALE * channels); // a stereo frame is mixed down to mono
    }
    return in;
  }

  private void feedSilence(long samples) {
    float[] zeros = new float[(int) Math.min(samples, 4096)];
    while (samples > 0) {
      int n = (int) Math.min(samples, zeros.length);
      feed(zeros, n);
      samples -= n;
    }
  }

  private void feed(float[] samples, int n) {
    ensure(n, 0);
    int produced = resampler.process(samples, 0, n, out, 0);
    segmentInputs += n;
    emit(produced);
  }

  private void emit(int n) {
    if (n == 0) {
      return;
    }
    if (pcm.length < n) {
      pcm = new short[n];
    }
    clippedSamples += Pcm16.fromFloat(out, 0, n, pcm, 0);
    lateSamples += mix.put(channel, segmentStart + segmentOutputs, pcm, 0, n);
    segmentOutputs += n;
  }

  private void ensure(int inputs, int extra) {
    int need = Math.max(resampler.maxOutput(inputs), extra);
    if (out.length < need) {
      out = new float[need];
    }
  }
}
