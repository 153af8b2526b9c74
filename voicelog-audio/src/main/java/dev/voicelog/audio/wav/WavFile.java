package dev.voicelog.audio.wav;

import dev.voicelog.audio.format.AudioFormat;

/**
 * A WAV file read into memory: its format and its audio bytes, as stored (interleaved frames).
 * {@link #sizeMismatch()} tells a file whose header disagrees with its length (a writer that crashed, a
 * streaming header with unknown sizes): the audio is then everything up to the end of the file.
 * Immutable apart from the data array, which the caller owns. Safe to read from several threads as long
 * as nobody writes into {@link #data()}.
 */
public final class WavFile {
  private final AudioFormat format;
  private final byte[] data;
  private final boolean sizeMismatch;

  WavFile(AudioFormat format, byte[] data, boolean sizeMismatch) {
    this.format = format;
    this.data = data;
    this.sizeMismatch = sizeMismatch;
  }

  /** The format the header declares: encoding, sample rate and channels. */
  public AudioFormat format() {
    return format;
  }

  /** The audio bytes in the file's encoding (whole frames only). */
  public byte[] data() {
    return data;
  }

  /** Frames (samples per channel). */
  public long frames() {
    return format.frames(data.length);
  }

  /** Whether the header's data size was not the data that is there (unknown, or past the end of the file). */
  public boolean sizeMismatch() {
    return sizeMismatch;
  }

  /** Decodes every sample, interleaved. */
  public short[] samples() {
    return format.encoding().decode(data);
  }

  /** Decodes one channel (0 = left). */
  public short[] channel(int index) {
    int channels = format.channels();
    if (index < 0 || index >= channels) {
      throw new IllegalArgumentException("no channel " + index + " in a " + channels + "-channel file");
    }
    short[] all = samples();
    short[] out = new short[all.length / channels];
    for (int i = 0; i < out.length; i++) {
      out[i] = all[i * channels + index];
    }
    return out;
  }
}
