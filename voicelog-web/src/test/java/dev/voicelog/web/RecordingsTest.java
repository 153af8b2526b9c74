package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {
  @TempDir Path root;

  @Test
  void aPlainWavFileInsideTheDirectoryResolves() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path wav = Files.write(logs.resolve("call-1.wav"), new byte[4]);
    assertThat(Recordings.resolve(logs, null, "call-1.wav")).isEqualTo(wav.toRealPath());
  }

  @Test
  void namesThatCouldLeaveTheDirectoryAreRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.write(logs.resolve("notes.txt"), new byte[4]);
    for (String name : new String[] {"../outside.wav", "..", "/etc/passwd", "..\\outside.wav", "sub/x.wav", ".hidden.wav",
        "notes.txt", "", "a.wav\u0000.txt", "%2e%2e%2foutside.wav"}) {
      assertThat(Recordings.resolve(logs, null, name)).as(name).isNull();
    }
    assertThat(Recordings.resolve(logs, null, null)).isNull();
  }

  @Test
  void aLinkPointingOutsideTheDirectoryIsRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path outside = Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.createSymbolicLink(logs.resolve("link.wav"), outside);
    assertThat(Recordings.resolve(logs, null, "link.wav")).isNull();
  }

  @Test
  void aMissingFileIsNoRecording() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    assertThat(Recordings.resolve(logs, null, "gone.wav")).isNull();
  }

  @Test
  void aWavInTheRecordingsSubdirectoryResolves() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path wav = Files.write(Files.createDirectories(logs.resolve("recordings")).resolve("conv_1.wav"), new byte[4]);
    assertThat(Recordings.resolve(logs, null, "conv_1.wav")).isEqualTo(wav.toRealPath());
  }

  @Test
  void aWavNextToTheLogComesBeforeOneInTheRecordingsSubdirectory() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path next = Files.write(logs.resolve("conv_1.wav"), new byte[4]);
    Files.write(Files.createDirectories(logs.resolve("recordings")).resolve("conv_1.wav"), new byte[8]);
    assertThat(Recordings.resolve(logs, null, "conv_1.wav")).isEqualTo(next.toRealPath());
  }

  @Test
  void noOtherSubdirectoryAndNoDeeperFileResolves() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Files.write(Files.createDirectories(logs.resolve("other")).resolve("a.wav"), new byte[4]);
    Files.write(Files.createDirectories(logs.resolve("recordings/deeper")).resolve("b.wav"), new byte[4]);
    Files.write(root.resolve("c.wav"), new byte[4]);
    for (String name : new String[] {"a.wav", "b.wav", "deeper/b.wav", "c.wav", "../c.wav", "recordings/../../c.wav"}) {
      assertThat(Recordings.resolve(logs, null, name)).as(name).isNull();
    }
  }

  @Test
  void aRecordingsDirectoryThatIsALinkIsRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    Files.write(elsewhere.resolve("conv_1.wav"), new byte[4]);
    Files.createSymbolicLink(logs.resolve("recordings"), elsewhere);
    assertThat(Recordings.resolve(logs, null, "conv_1.wav")).isNull();
  }

  @Test
  void aLinkInTheRecordingsSubdirectoryPointingOutOfItIsRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path outside = Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.write(logs.resolve("beside.wav"), new byte[4]);
    Path recordings = Files.createDirectories(logs.resolve("recordings"));
    Files.createSymbolicLink(recordings.resolve("out.wav"), outside);
    Files.createSymbolicLink(recordings.resolve("up.wav"), logs.resolve("beside.wav"));
    assertThat(Recordings.resolve(logs, null, "out.wav")).isNull();
    assertThat(Recordings.resolve(logs, null, "up.wav")).isNull();
  }

  @Test
  void theDirectoryNamedForRecordingsIsLookedInLastAndKeepsTheSameRules() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path rec = Files.createDirectories(root.resolve("rec"));
    Path there = Files.write(rec.resolve("conv_1.wav"), new byte[4]);
    assertThat(Recordings.resolve(logs, null, "conv_1.wav")).as("not named: not looked in").isNull();
    assertThat(Recordings.resolve(logs, rec, "conv_1.wav")).isEqualTo(there.toRealPath());
    Path beside = Files.write(logs.resolve("conv_1.wav"), new byte[8]);
    assertThat(Recordings.resolve(logs, rec, "conv_1.wav")).as("beside the log first").isEqualTo(beside.toRealPath());
    Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.createSymbolicLink(rec.resolve("link.wav"), root.resolve("outside.wav"));
    Files.write(Files.createDirectories(rec.resolve("deeper")).resolve("d.wav"), new byte[4]);
    for (String name : new String[] {"link.wav", "../outside.wav", "deeper/d.wav", "d.wav"}) {
      assertThat(Recordings.resolve(logs, rec, name)).as(name).isNull();
    }
    assertThat(Recordings.resolve(root.resolve("missing"), rec, "conv_1.wav")).as("a log directory gone").isEqualTo(there.toRealPath());
  }
}
