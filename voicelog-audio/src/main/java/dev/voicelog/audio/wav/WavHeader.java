package dev.voicelog.audio.wav;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The header the writer puts at the start of a WAV file, and where its size fields are.
 *
 * <p>PCM16: {@code RIFF, WAVE, fmt (16 bytes, tag 1), data}: 44 bytes. G.711: {@code fmt} of 18 bytes (tag 7
 * mu-law or 6 A-law, cbSize 0) and the {@code fact} chunk (sample count) that non-PCM WAV requires: 58 bytes.
 */
final class WavHeader {
  static final int TAG_PCM = 1;
  static final int TAG_ALAW = 6;
  static final int TAG_ULAW = 7;
  static final int TAG_EXTENSIBLE = 0xFFFE;

  final AudioFormat format;
  final int size;
  final int riffSizeAt = 4;
  final int factAt;
  final int dataSizeAt;

  WavHeader(AudioFormat format) {
    if (format.encoding() == Encoding.PCM16BE) {
      throw new IllegalArgumentException("WAV holds little-endian PCM, mu-law or A-law, not " + format);
    }
    this.format = format;
    boolean g711 = format.encoding().isG711();
    this.size = g711 ? 58 : 44;
    this.factAt = g711 ? 46 : -1;
    this.dataSizeAt = size - 4;
  }

  /** The header bytes for {@code dataBytes} bytes of audio. */
  ByteBuffer bytes(long dataBytes) {
    boolean g711 = format.encoding().isG711();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) riffSize(dataBytes)).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(g711 ? 18 : 16);
    int tag = switch (format.encoding()) {
      case ULAW -> TAG_ULAW;
      case ALAW -> TAG_ALAW;
      default -> TAG_PCM;
    };
    b.putShort((short) tag).putShort((short) format.channels()).putInt(format.sampleRate());
    b.putInt(format.sampleRate() * format.bytesPerFrame()).putShort((short) format.bytesPerFrame());
    b.putShort((short) (format.encoding().bytesPerSample() * 8));
    if (g711) {
      b.putShort((short) 0);
      b.put(ascii("fact")).putInt(4).putInt((int) format.frames(dataBytes));
    }
    b.put(ascii("data")).putInt((int) dataBytes);
    return b.flip();
  }

  /** The RIFF chunk's size: everything after its first 8 bytes, the pad byte of odd data included. */
  long riffSize(long dataBytes) {
    return size - 8 + dataBytes + (dataBytes & 1);
  }

  /** Most audio bytes a WAV file can hold (its size fields are 32-bit). */
  long maxDataBytes() {
    return 0xFFFF_FFFFL - size - 1;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
