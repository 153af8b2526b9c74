package dev.voicelog.cli.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.audio.codec.MuLaw;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.cli.Cli;
import dev.voicelog.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;

class AudioCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = Cli.commandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  String p(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void rawMuLawToRawPcmPassesSamplesThroughTheCodecAlone() throws Exception {
    byte[] codes = new byte[256];
    for (int i = 0; i < 256; i++) {
      codes[i] = (byte) i;
    }
    Files.write(dir.resolve("in.ul"), codes);
    assertThat(run("audio", "convert", p("in.ul"), p("out.raw"), "--from", "ulaw@8000", "--to", "pcm16le@8000")).isZero();
    short[] pcm = Encoding.PCM16LE.decode(Files.readAllBytes(dir.resolve("out.raw")));
    for (int i = 0; i < 256; i++) {
      assertThat(pcm[i]).isEqualTo(MuLaw.decode((byte) i));
    }
    assertThat(run("audio", "convert", p("out.raw"), p("back.ul"), "--from", "pcm16le@8000", "--to", "g711_ulaw")).isZero();
    byte[] back = Files.readAllBytes(dir.resolve("back.ul"));
    for (int i = 0; i < 256; i++) {
      // Every code but mu-law's "negative zero" (0x7F decodes to 0, which encodes as 0xFF) comes back.
      assertThat(back[i] & 0xFF).isEqualTo(i == 0x7F ? 0xFF : i);
    }
  }

  @Test
  void rawMuLaw8kToWav16kResamplesOnTheWayOut() throws Exception {
    assertThat(run("audio", "tone", "--format", "audio/x-mulaw", "--ms", "500", p("tone.ul"))).isZero();
    assertThat(Files.size(dir.resolve("tone.ul"))).isEqualTo(4000);
    assertThat(run("audio", "convert", p("tone.ul"), p("tone.wav"), "--from", "ulaw@8000", "--to", "wav@16000")).isZero();
    WavFile wav = WavReader.read(dir.resolve("tone.wav"));
    assertThat(wav.format().toString()).isEqualTo("pcm16le@16000");
    assertThat(wav.frames()).isEqualTo(8000);
    assertThat(run("audio", "convert", p("tone.wav"), p("tone-a.wav"), "--to", "wav:alaw@8000")).isZero();
    assertThat(WavReader.read(dir.resolve("tone-a.wav")).format().toString()).isEqualTo("alaw@8000");
  }

  @Test
  void inspectCatchesMuLawDeclaredAsPcmInTextAndJson() throws Exception {
    assertThat(run("audio", "tone", "--format", "ulaw@8000", "--ms", "1000", p("t.ul"))).isZero();
    assertThat(run("audio", "inspect", p("t.ul"), "--declared", "pcm16le@8000")).isEqualTo(Cli.FAILED);
    assertThat(out.toString()).contains("encoding:    ulaw (most likely)").contains("G.711 sent as PCM");
    out.getBuffer().setLength(0);
    assertThat(run("audio", "inspect", p("t.ul"), "--format", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("encoding").asText()).isEqualTo("ulaw");
    assertThat(json.get("problems")).isEmpty();
    assertThat(json.get("peak_dbfs").asDouble()).isBetween(-6.5, -5.5);
  }

  @Test
  void errorsAreOneLineNamingTheFileWithExitCode2() throws Exception {
    assertThat(run("audio", "inspect", p("missing.raw"))).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + p("missing.raw") + ": no such file");
    err.getBuffer().setLength(0);
    Files.writeString(dir.resolve("notwav.raw"), "hello");
    assertThat(run("audio", "convert", p("notwav.raw"), p("o.raw"), "--to", "ulaw")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains(p("notwav.raw") + ": not a WAV file").doesNotContain("Exception");
    assertThat(err.toString().lines().count()).isEqualTo(1);
    err.getBuffer().setLength(0);
    Files.writeString(dir.resolve("keep.raw"), "mine");
    assertThat(run("audio", "tone", "--format", "ulaw", "--ms", "10", p("keep.raw"))).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("keep.raw: already exists");
    assertThat(Files.readString(dir.resolve("keep.raw"))).isEqualTo("mine");
    err.getBuffer().setLength(0);
    assertThat(run("audio", "tone", "--format", "pcm16@8000", "--ms", "10", p("x.raw"))).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("pcm16 is always 24000 Hz");
  }

  @Test
  void inspectSaysAnEmptyFileHasNoAudioAndAWavNeedsNoDeclaration() throws Exception {
    Files.write(dir.resolve("empty.raw"), new byte[0]);
    assertThat(run("audio", "inspect", p("empty.raw"))).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + p("empty.raw") + ": no audio in it (0 bytes): nothing to inspect");
    err.getBuffer().setLength(0);
    assertThat(run("audio", "tone", "--format", "wav:ulaw@8000", "--ms", "100", p("t.wav"))).isZero();
    assertThat(run("audio", "inspect", p("t.wav"), "--declared", "pcm16le@16000")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("--declared is for raw audio; " + p("t.wav") + " is a WAV file");
  }

  @Test
  void inspectFindsAPartialFrameAtTheEnd() throws Exception {
    assertThat(run("audio", "tone", "--format", "pcm16le@16000", "--ms", "500", p("t.raw"))).isZero();
    Files.write(dir.resolve("t.raw"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    assertThat(run("audio", "inspect", p("t.raw"), "--declared", "pcm16le@16000")).isEqualTo(Cli.FAILED);
    assertThat(out.toString()).contains("a partial frame at the end: 16001 bytes is not a whole number of 2-byte pcm16le frames");
  }

  /** A tone longer than one block of the writer is one sine across the blocks' joins, raw and WAV alike. */
  @Test
  void aToneOfManyBlocksIsOneSine() throws Exception {
    int rate = 48_000;
    long n = 3L * rate; // 144,000 samples: two joins at 65,536 and 131,072
    assertThat(AudioFiles.BLOCK_FRAMES * 2L).isLessThan(n);
    assertThat(run("audio", "tone", "--format", "pcm16le@48000", "--ms", "3000", "--hz", "1000", "--dbfs", "-6", p("t.raw"))).isZero();
    assertThat(run("audio", "tone", "--format", "wav@48000", "--ms", "3000", "--hz", "1000", "--dbfs", "-6", p("t.wav"))).isZero();
    short[] raw = Encoding.PCM16LE.decode(Files.readAllBytes(dir.resolve("t.raw")));
    short[] wav = WavReader.read(dir.resolve("t.wav")).samples();
    assertThat(raw).hasSize((int) n);
    assertThat(wav).isEqualTo(raw);
    double amplitude = 32767 * Math.pow(10, -6 / 20.0);
    for (long i = 240; i < n - 240; i++) { // past the 5 ms fades
      assertThat((double) raw[(int) i]).as("sample %d", i)
          .isCloseTo(amplitude * Math.sin(2 * Math.PI * 1000 * i / rate), org.assertj.core.api.Assertions.within(0.51));
    }
  }

  @Test
  void aFileOverTwoGigabytesIsRefusedByNameNotWithAnOutOfMemoryError() throws Exception {
    Path huge = dir.resolve("huge.raw");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(AudioFiles.MAX_FILE_BYTES + 1); // sparse: no disk used
    }
    assertThat(run("audio", "inspect", p("huge.raw"), "--declared", "pcm16le@16000")).isEqualTo(Cli.USAGE);
    assertThat(err.toString().trim()).isEqualTo("voicelog: " + huge + ": " + (AudioFiles.MAX_FILE_BYTES + 1)
        + " bytes; the audio commands read files up to 2 GB (cut it first, e.g. with sox)");
  }
}
