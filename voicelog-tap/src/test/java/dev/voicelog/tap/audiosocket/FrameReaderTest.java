package dev.voicelog.tap.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.tap.call.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  final FrameReader reader = new FrameReader();
  final List<Frame> frames = new ArrayList<>();
  final List<FrameProblem> problems = new ArrayList<>();

  static byte[] frame(int kind, int declaredLength, int actualLength) {
    byte[] f = new byte[3 + actualLength];
    f[0] = (byte) kind;
    f[1] = (byte) (declaredLength >> 8);
    f[2] = (byte) declaredLength;
    for (int i = 0; i < actualLength; i++) {
      f[3 + i] = (byte) (i * 7 + kind);
    }
    return f;
  }

  static byte[] frame(int kind, int length) {
    return frame(kind, length, length);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code n} audio frames of 20 ms at 8 kHz. */
  static byte[] audio(int n) {
    byte[][] f = new byte[n][];
    for (int i = 0; i < n; i++) {
      f[i] = frame(0x10, 320);
    }
    return concat(f);
  }

  private void feed(byte[] bytes, int chunk) {
    for (int off = 0; off < bytes.length; off += chunk) {
      reader.feed(ByteBuffer.wrap(bytes, off, Math.min(chunk, bytes.length - off)).asReadOnlyBuffer(), frames, problems);
    }
  }

  private List<String> kindsAndOffsets() {
    return frames.stream().map(f -> Kinds.hex(f.kind()) + "@" + f.offset() + "+" + f.payload().length).toList();
  }

  @Test
  void framesSplitAcrossReadsAnyWayAreReadTheSame() {
    byte[] stream = concat(frame(0x01, 16), frame(0x10, 320), frame(0x03, 1), frame(0x12, 640), frame(0x00, 0));
    for (int chunk : new int[] {1, 2, 3, 7, 320, stream.length}) {
      FrameReader r = new FrameReader();
      List<Frame> got = new ArrayList<>();
      for (int off = 0; off < stream.length; off += chunk) {
        r.feed(ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off)), got, problems);
      }
      assertThat(got).extracting(f -> Kinds.hex(f.kind()) + "@" + f.offset())
          .as("read %d bytes at a time", chunk).containsExactly("0x01@0", "0x10@19", "0x03@342", "0x12@346", "0x00@989");
      assertThat(got.get(1).payload()).isEqualTo(java.util.Arrays.copyOfRange(stream, 22, 342));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void anUnknownKindOfPlausibleLengthIsAFrame() {
    feed(concat(frame(0x42, 4), frame(0x10, 320)), 1000);
    assertThat(kindsAndOffsets()).containsExactly("0x42@0+4", "0x10@7+320");
    assertThat(problems).isEmpty();
  }

  @Test
  void aMalformedHeaderIsReportedWithItsOffsetAndTheFramesAreFoundAgain() {
    // a UUID frame of 15 bytes, then good frames
    byte[] stream = concat(frame(0x10, 320), frame(0x01, 15), audio(5));
    feed(stream, 100);
    assertThat(problems).extracting(FrameProblem::diagnostic).containsExactly(Diagnostic.MALFORMED, Diagnostic.MALFORMED);
    assertThat(problems.get(0).offset()).isEqualTo(323);
    assertThat(problems.get(0).message()).contains("offset 323").contains("0x01 (uuid) with 15 payload bytes").contains("a UUID is 16 bytes");
    assertThat(problems.get(1).offset()).isEqualTo(341);
    assertThat(problems.get(1).message()).contains("frames found again at offset 341, 18 bytes after");
    assertThat(kindsAndOffsets()).containsExactly("0x10@0+320", "0x10@341+320", "0x10@664+320", "0x10@987+320", "0x10@1310+320",
        "0x10@1633+320");
  }

  @Test
  void aFrameShorterThanItsHeaderSaysIsCaughtAtTheNextHeader() {
    // the agent says 320 bytes and writes 318: the reader eats 2 bytes of the next frame, then finds its way back
    byte[] stream = concat(frame(0x10, 320, 318), audio(6));
    feed(stream, 323);
    assertThat(problems).extracting(FrameProblem::diagnostic).containsExactly(Diagnostic.MALFORMED, Diagnostic.MALFORMED);
    assertThat(problems.get(0).offset()).as("the header read inside the next frame").isEqualTo(323);
    assertThat(problems.get(1).message()).contains("frames found again at offset " + (321 + 323));
    assertThat(kindsAndOffsets()).hasSize(6).startsWith("0x10@0+320", "0x10@644+320").endsWith("0x10@1936+320");
  }

  @Test
  void aStreamWithNoFramesIsGivenUpAndTheRestIgnored() {
    byte[] noise = new byte[FrameReader.RESYNC_LIMIT + 10_000];
    new Random(7).nextBytes(noise);
    for (int i = 0; i < noise.length; i += 3) {
      noise[i] = (byte) 0x77; // never a known kind: no header looks real
    }
    feed(concat(frame(0x10, 320), new byte[] {(byte) 0x10, (byte) 0xff, (byte) 0xff}, noise, audio(5)), 4096);
    assertThat(problems).extracting(FrameProblem::diagnostic).containsExactly(Diagnostic.MALFORMED, Diagnostic.STREAM_LOST);
    assertThat(problems.get(1).message()).contains("relayed unread");
    assertThat(reader.lost()).isTrue();
    assertThat(kindsAndOffsets()).containsExactly("0x10@0+320");
    assertThat(reader.position()).isEqualTo(323 + 3 + noise.length + 5 * 323);
    reader.finish(problems);
    assertThat(problems).hasSize(2);
  }

  @Test
  void aStreamThatEndsInsideAFrameIsTruncated() {
    feed(concat(frame(0x10, 320), frame(0x10, 320, 100)), 50);
    reader.finish(problems);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.diagnostic()).isEqualTo(Diagnostic.TRUNCATED_FRAME);
      assertThat(p.offset()).isEqualTo(323);
      assertThat(p.message()).contains("the header says 320 payload bytes, 100 arrived");
    });
    FrameReader r = new FrameReader();
    List<FrameProblem> half = new ArrayList<>();
    r.feed(ByteBuffer.wrap(new byte[] {0x10, 0x01}), frames, half);
    r.finish(half);
    assertThat(half).singleElement().satisfies(p -> assertThat(p.message()).contains("2 bytes into a frame header at offset 0"));
  }

  @Test
  void theUuidOfTheFirstFrameNamesTheCall() {
    byte[] uuid = frame(0x01, 16);
    for (int i = 0; i < 16; i++) {
      uuid[3 + i] = (byte) (0x40 + i);
    }
    assertThat(AudioSocketTap.uuidOf(ByteBuffer.wrap(concat(uuid, frame(0x10, 320))))).isEqualTo("40414243-4445-4647-4849-4a4b4c4d4e4f");
    assertThat(AudioSocketTap.uuidOf(ByteBuffer.wrap(frame(0x10, 320)))).isNull();
    assertThat(AudioSocketTap.uuidOf(ByteBuffer.wrap(new byte[5]))).isNull();
  }

  @Test
  void asteriskErrorCodesAreNamed() {
    assertThat(Kinds.errorMeaning(0x01)).isEqualTo("hangup of the calling party");
    assertThat(Kinds.errorMeaning(0x06)).isEqualTo("frame forwarding error, memory (allocation) error");
    assertThat(Kinds.errorMeaning(0x20)).isEqualTo("application-specific code 0x20");
  }
}
