package dev.voicelog.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.testing.Tools;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
  @TempDir Path dir;

  @Test
  void readsWhatSoxWritesExtensibleAndListChunksIncluded() throws Exception {
    Path p = dir.resolve("sox.wav");
    // A 24-bit-free, 16-bit stereo file with a comment: sox writes a LIST chunk for it.
    Tools.sox("-n", "-r", "44100", "-c", "2", "-b", "16", "--comment", "hello", p.toString(), "synth", "0.1", "sine", "440");
    WavFile f = WavReader.read(p);
    assertThat(f.format()).isEqualTo(AudioFormat.of(Encoding.PCM16LE, 44100, 2));
    assertThat(f.frames()).isEqualTo(4410);
    short[] sox = Tools.shortsLe(Tools.sox(p.toString(), "-t", "s16", "-e", "signed-integer", "-L", "-"));
    assertThat(f.samples()).isEqualTo(sox);

    Path ul = dir.resolve("ul.wav");
    Tools.sox("-n", "-r", "8000", "-c", "1", "-e", "u-law", ul.toString(), "synth", "0.05", "sine", "300");
    assertThat(WavReader.read(ul).format()).isEqualTo(AudioFormat.TWILIO_MULAW);
    assertThat(WavReader.read(ul).frames()).isEqualTo(400);
  }

  @Test
  void unknownOrOversizedDataSizesReadToTheEndOfTheFile() throws Exception {
    Path p = dir.resolve("s.wav");
    try (WavWriter w = WavWriter.create(p, AudioFormat.parse("pcm16le@8000"))) {
      w.write(new short[] {1, 2, 3, 4}, 0, 4);
    }
    byte[] b = Files.readAllBytes(p);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
    WavFile f = WavReader.parse("s.wav", b);
    assertThat(f.sizeMismatch()).isTrue();
    assertThat(f.samples()).containsExactly((short) 1, (short) 2, (short) 3, (short) 4);
  }

  /**
   * A data size of 0 is what a streaming writer leaves when it cannot go back: its audio runs to the end.
   * But a file whose RIFF size is right and whose empty data chunk is followed by another chunk (a LIST of
   * tags) has no audio: the LIST is not read as samples.
   */
  @Test
  void anEmptyDataChunkFollowedByAnotherChunkHasNoAudio() throws Exception {
    byte[] list = ascii("INFOICMT\u0006\u0000\u0000\u0000hello\u0000");
    ByteBuffer b = ByteBuffer.allocate(12 + 24 + 8 + 8 + list.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(b.capacity() - 8).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16);
    b.put(ascii("data")).putInt(0);
    b.put(ascii("LIST")).putInt(list.length).put(list);
    WavFile empty = WavReader.parse("empty.wav", b.array());
    assertThat(empty.frames()).isZero();
    assertThat(empty.sizeMismatch()).isFalse();

    Path p = dir.resolve("streamed.wav"); // the same size field, audio after it: read to the end, as before
    try (WavWriter w = WavWriter.create(p, AudioFormat.parse("pcm16le@8000"))) {
      w.write(new short[] {1, 2, 3, 4}, 0, 4);
    }
    byte[] streamed = Files.readAllBytes(p);
    ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0).putInt(40, 0);
    assertThat(WavReader.parse("streamed.wav", streamed).samples()).containsExactly((short) 1, (short) 2, (short) 3, (short) 4);
  }

  @Test
  void aFileCutInsideAnExtensibleFmtChunkIsAWavFormatError() {
    // WAVE_FORMAT_EXTENSIBLE declares 40 bytes of fmt; the file ends 20 bytes into them
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 20).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(32).put(ascii("WAVE")).put(ascii("fmt ")).putInt(40);
    b.putShort((short) 0xFFFE).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
        .putShort((short) 22).putShort((short) 16);
    assertThatThrownBy(() -> WavReader.parse("cut.wav", b.array())).isInstanceOf(WavFormatException.class)
        .hasMessageStartingWith("cut.wav: ");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void badFilesAreNamedInOneLine() throws Exception {
    assertThatThrownBy(() -> WavReader.parse("a.raw", new byte[100])).isInstanceOf(WavFormatException.class)
        .hasMessage("a.raw: not a WAV file (no RIFF/WAVE header)");
    Path p = dir.resolve("f.wav");
    Tools.sox("-n", "-r", "8000", "-c", "1", "-b", "32", "-e", "floating-point", p.toString(), "synth", "0.01", "sine", "300");
    assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(WavFormatException.class)
        .hasMessageContaining("f.wav: unsupported WAV encoding");
  }
}
