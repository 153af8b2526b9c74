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
    assertThat(Recordings.resolve(logs, "call-1.wav")).isEqualTo(wav.toRealPath());
  }

  @Test
  void namesThatCouldLeaveTheDirectoryAreRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.write(logs.resolve("notes.txt"), new byte[4]);
    for (String name : new String[] {"../outside.wav", "..", "/etc/passwd", "..\\outside.wav", "sub/x.wav", ".hidden.wav",
        "notes.txt", "", "a.wav\u0000.txt", "%2e%2e%2foutside.wav"}) {
      assertThat(Recordings.resolve(logs, name)).as(name).isNull();
    }
    assertThat(Recordings.resolve(logs, null)).isNull();
  }

  @Test
  void aLinkPointingOutsideTheDirectoryIsRefused() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path outside = Files.write(root.resolve("outside.wav"), new byte[4]);
    Files.createSymbolicLink(logs.resolve("link.wav"), outside);
    assertThat(Recordings.resolve(logs, "link.wav")).isNull();
  }

  @Test
  void aMissingFileIsNoRecording() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    assertThat(Recordings.resolve(logs, "gone.wav")).isNull();
  }
}
