package dev.voicelog.cli.audio;

import dev.voicelog.audio.codec.Pcm16;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.resample.Resampler;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.audio.wav.WavWriter;
import dev.voicelog.cli.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reading and writing the audio files of {@code voicelog audio}, with one-line errors naming the file. */
final class AudioFiles {
  private AudioFiles() {}

  /** Decoded audio: interleaved samples and their format (PCM16 LE, with the source's rate and channels). */
  record Audio(short[] samples, int rate, int channels) {}

  /** The largest file the audio commands read: they hold it in one array. */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  static byte[] readBytes(Path path) {
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) { // readAllBytes would fail with an OutOfMemoryError no -Xmx can mend
        throw new Cli.UserError(path + ": " + size + " bytes; the audio commands read files up to 2 GB (cut it first, e.g. with sox)");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new Cli.UserError(path + ": no such file");
    } catch (IOException e) {
      throw new Cli.UserError("cannot read " + Cli.describe(e));
    }
  }

  /** Reads {@code path} as {@code spec} (a WAV file, or raw bytes in a format). */
  static Audio read(Path path, AudioSpec spec) {
    byte[] bytes = readBytes(path);
    if (spec.wav()) {
      WavFile wav = parseWav(path, bytes);
      return new Audio(wav.samples(), wav.format().sampleRate(), wav.format().channels());
    }
    AudioFormat f = spec.raw();
    if (bytes.length % f.bytesPerFrame() != 0) {
      throw new Cli.UserError(path + ": " + bytes.length + " bytes is not a whole number of " + f + " samples");
    }
    return new Audio(f.encoding().decode(bytes), f.sampleRate(), 1);
  }

  static WavFile parseWav(Path path, byte[] bytes) {
    try {
      return WavReader.parse(path.toString(), bytes);
    } catch (IOException e) {
      throw new Cli.UserError(e.getMessage() + (WavReader.looksLikeWav(bytes) ? "" : "; give --from FORMAT for raw audio"));
    }
  }

  /** Resamples every channel to {@code rate} (nothing happens when it is the same). */
  static Audio resample(Audio a, int rate) {
    if (a.rate() == rate) {
      return a;
    }
    int frames = a.samples().length / a.channels();
    short[] out = null;
    for (int c = 0; c < a.channels(); c++) {
      float[] ch = new float[frames];
      for (int i = 0; i < frames; i++) {
        ch[i] = a.samples()[i * a.channels() + c] / Pcm16.SCALE;
      }
      float[] r = Resampler.create(a.rate(), rate).resampleAll(ch);
      if (out == null) {
        out = new short[r.length * a.channels()];
      }
      for (int i = 0; i < r.length; i++) {
        out[i * a.channels() + c] = Pcm16.fromFloat(r[i]);
      }
    }
    return new Audio(out, rate, a.channels());
  }

  /** Writes audio as {@code spec} to a new file; an existing file is never overwritten. */
  static void write(Path path, AudioSpec spec, Audio a) {
    write(path, spec, a.rate(), a.channels(), a.samples().length / a.channels(),
        (from, block, frames) -> System.arraycopy(a.samples(), (int) from * a.channels(), block, 0, frames * a.channels()));
  }

  /**
   * Audio made a block at a time, for output too long to hold in memory (an hour at 384 kHz is 2.8 GB):
   * {@code fill} puts the interleaved samples of frames {@code from} to {@code from + frames} into
   * {@code block}, from its start.
   */
  interface Source {
    void fill(long from, short[] block, int frames);
  }

  /** Frames per block of {@link Source}: 64 K, so a write never holds more than a few hundred KB. */
  static final int BLOCK_FRAMES = 64 * 1024;

  /** Takes the {@code frames} frames of a block just filled. */
  private interface BlockWriter {
    void write(int frames) throws IOException;
  }

  /** Fills {@code block} from {@code source} and hands it to {@code out}, block after block, {@code frames} in all. */
  private static void copy(Source source, long frames, short[] block, BlockWriter out) throws IOException {
    for (long at = 0; at < frames; at += BLOCK_FRAMES) {
      int n = (int) Math.min(BLOCK_FRAMES, frames - at);
      source.fill(at, block, n);
      out.write(n);
    }
  }

  /**
   * Writes {@code frames} frames from {@code source} as {@code spec} to a new file, one block at a time; an
   * existing file is never overwritten. Audio past the 4 GiB a WAV file can hold is refused (the file keeps
   * what fits, and the error says so).
   */
  static void write(Path path, AudioSpec spec, int rate, int channels, long frames, Source source) {
    short[] block = new short[BLOCK_FRAMES * channels];
    try {
      if (spec.wav()) {
        AudioFormat f = AudioFormat.of(spec.wavEncoding(), rate, channels);
        try (WavWriter w = WavWriter.createNew(path, f)) {
          copy(source, frames, block, n -> w.write(block, 0, n));
          if (w.droppedFrames() > 0) {
            throw new Cli.UserError(path + ": a WAV file holds at most 4 GiB of audio; the last "
                + w.droppedFrames() + " frames were not written (use a raw format, or less audio)");
          }
        }
      } else {
        Encoding e = spec.raw().encoding();
        byte[] bytes = new byte[block.length * e.bytesPerSample()];
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          copy(source, frames, block, n -> {
            e.encode(block, 0, n * channels, bytes, 0);
            out.write(bytes, 0, n * channels * e.bytesPerSample());
          });
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new Cli.UserError(path + ": already exists; not overwritten");
    } catch (IOException e) {
      throw new Cli.UserError("cannot write " + Cli.describe(e));
    }
  }
}
