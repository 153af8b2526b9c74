package dev.voicelog.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
  @TempDir Path dir;

  static short pattern(long i, int channel) {
    return (short) (channel == 0 ? i * 7 : -(i * 13));
  }

  private static short[] frames(int n, int channels) {
    short[] s = new short[n * channels];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        s[i * channels + c] = pattern(i, c);
      }
    }
    return s;
  }

  @Test
  void closedFilesHaveExactSizesAndReadBackInSoxAndHere() throws Exception {
    for (String spec : List.of("pcm16le@16000", "ulaw@8000", "alaw@8000")) {
      for (int channels = 1; channels <= 2; channels++) {
        AudioFormat f = AudioFormat.parse(spec).withChannels(channels);
        Path p = dir.resolve(spec.replace('@', '_') + channels + ".wav");
        short[] s = frames(1001, channels); // odd: G.711 mono needs the RIFF pad byte
        try (WavWriter w = WavWriter.create(p, f)) {
          w.write(s, 0, 1001);
        }
        byte[] file = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int dataBytes = 1001 * f.bytesPerFrame();
        int header = f.encoding().isG711() ? 58 : 44;
        assertThat(b.getInt(header - 4)).isEqualTo(dataBytes);
        assertThat(b.getInt(4)).isEqualTo(file.length - 8);
        assertThat(file.length).isEqualTo(header + dataBytes + (dataBytes & 1));

        WavFile read = WavReader.read(p);
        assertThat(read.format()).isEqualTo(f);
        assertThat(read.sizeMismatch()).isFalse();
        short[] expected = f.encoding().decode(f.encoding().encode(s));
        assertThat(read.samples()).isEqualTo(expected);

        short[] sox = Tools.shortsLe(Tools.sox(p.toString(), "-t", "s16", "-e", "signed-integer", "-L", "-"));
        assertThat(sox).as("sox reads %s", p.getFileName()).isEqualTo(expected);
        String info = new String(Tools.run(List.of("soxi", p.toString())));
        assertThat(info).contains("Channels       : " + channels).contains("Sample Rate    : " + f.sampleRate());
      }
    }
  }

  @Test
  void aWriterKilledMidwayLeavesAFileSoxCanOpen() throws Exception {
    for (String spec : List.of("pcm16le@16000", "ulaw@8000")) {
      Path p = dir.resolve("crash-" + spec.replace('@', '_') + ".wav");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          WavCrashChild.class.getName(), p.toString(), spec, "2").redirectErrorStream(true).start();
      long flushed = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
        String line;
        while ((line = out.readLine()) != null && flushed < 16_000) {
          assertThat(line).startsWith("flushed ");
          flushed = Long.parseLong(line.substring(8));
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(child.exitValue()).isEqualTo(137);
      assertThat(flushed).isGreaterThanOrEqualTo(16_000);

      short[] sox = Tools.shortsLe(Tools.sox(p.toString(), "-t", "s16", "-e", "signed-integer", "-L", "-"));
      assertThat(sox.length / 2).as("frames sox reads").isGreaterThanOrEqualTo((int) flushed);
      Encoding e = AudioFormat.parse(spec).encoding();
      for (int i = 0; i < sox.length / 2; i++) {
        for (int c = 0; c < 2; c++) {
          short want = e.decode(e.encode(new short[] {pattern(i, c)}))[0];
          if (sox[2 * i + c] != want) {
            throw new AssertionError("sample " + i + " channel " + c + ": " + sox[2 * i + c] + " != " + want);
          }
        }
      }
      assertThat(WavReader.read(p).frames()).isEqualTo(sox.length / 2);
    }
  }

  @Test
  void createNewRefusesToOverwriteAndBigEndianIsRejected() throws Exception {
    Path p = dir.resolve("x.wav");
    Files.writeString(p, "precious");
    assertThatThrownBy(() -> WavWriter.createNew(p, AudioFormat.parse("ulaw"))).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(p)).isEqualTo("precious");
    assertThatThrownBy(() -> WavWriter.create(dir.resolve("y.wav"), AudioFormat.parse("pcm16be@8000")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createPrivateReplacesAFileOwnerOnlyAndDoesNotWriteThroughALink() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
    AudioFormat f = AudioFormat.of(Encoding.PCM16LE, 8000, 2);
    Path open = Files.writeString(dir.resolve("open.wav"), "an older recording, readable by all");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path target = Files.writeString(dir.resolve("notes.txt"), "someone's notes");
    Path link = Files.createSymbolicLink(dir.resolve("link.wav"), target);
    for (Path p : List.of(dir.resolve("new.wav"), open, link)) {
      try (WavWriter w = WavWriter.createPrivate(p, f)) {
        w.write(frames(100, 2), 0, 100);
      }
      assertThat(Files.isSymbolicLink(p)).as(p.toString()).isFalse();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
      assertThat(WavReader.read(p).frames()).as(p.toString()).isEqualTo(100);
    }
    assertThat(Files.readString(target)).isEqualTo("someone's notes");
    Path directory = Files.createDirectory(dir.resolve("d.wav"));
    assertThatThrownBy(() -> WavWriter.createPrivate(directory, f)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(directory).isDirectory();
  }
}
