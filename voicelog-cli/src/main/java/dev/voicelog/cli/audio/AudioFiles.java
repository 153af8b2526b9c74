package dev.voicelog.cli.audio;

import dev.voicelog.audio.codec.Pcm16;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.resample.Resampler;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.audio.wav.WavWriter;
import dev.voicelog.cli.Cli;
import java.io.IOException;
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

  static byte[] readBytes(Path path) {
    try {
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
    try {
      if (spec.wav()) {
        AudioFormat f = AudioFormat.of(spec.wavEncoding(), a.rate(), a.channels());
        try (WavWriter w = WavWriter.createNew(path, f)) {
          w.write(a.samples(), 0, a.samples().length / a.channels());
        }
      } else {
        byte[] bytes = spec.raw().encoding().encode(a.samples());
        Files.write(path, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } catch (FileAlreadyExistsException e) {
      throw new Cli.UserError(path + ": already exists; not overwritten");
    } catch (IOException e) {
      throw new Cli.UserError("cannot write " + Cli.describe(e));
    }
  }
}
