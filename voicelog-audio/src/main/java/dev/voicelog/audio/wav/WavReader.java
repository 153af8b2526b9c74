package dev.voicelog.audio.wav;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads WAV files: 16-bit PCM, mu-law and A-law (format tags 1, 7, 6, and WAVE_FORMAT_EXTENSIBLE with one
 * of those), any channel count to 8. Skips chunks it does not need (LIST, fact, ...), honours RIFF's pad
 * bytes, and reads a file whose data size is unknown (0 or 0xFFFFFFFF, as streaming writers leave it) or
 * larger than the file (a crashed writer) up to its end, saying so in {@link WavFile#sizeMismatch()}.
 *
 * <p>Stateless and thread-safe. Reads the whole file into memory.
 */
public final class WavReader {
  private WavReader() {}

  /** Whether {@code head} (the first bytes of a file) starts like a WAV file. */
  public static boolean looksLikeWav(byte[] head) {
    return head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
        && head[8] == 'W' && head[9] == 'A' && head[10] == 'V' && head[11] == 'E';
  }

  /** Reads {@code path}. Throws {@link WavFormatException} naming the file when it is not a WAV file it can read. */
  public static WavFile read(Path path) throws IOException {
    return parse(path.toString(), Files.readAllBytes(path));
  }

  /** Parses the bytes of a WAV file; {@code name} is used in error messages. */
  public static WavFile parse(String name, byte[] file) throws WavFormatException {
    if (!looksLikeWav(file)) {
      throw new WavFormatException(name + ": not a WAV file (no RIFF/WAVE header)");
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    AudioFormat format = null;
    while (pos + 8 <= file.length) {
      String id = new String(file, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long size = b.getInt(pos + 4) & 0xFFFF_FFFFL;
      int body = pos + 8;
      if (id.equals("fmt ")) {
        if (size < 16) {
          throw new WavFormatException(name + ": fmt chunk too short (" + size + " bytes)");
        }
        if (body + Math.min(size, 40) > file.length) { // 40: what an extensible one is read up to
          throw new WavFormatException(name + ": the file ends inside its fmt chunk (" + size + " bytes)");
        }
        format = format(name, b, body, size);
      } else if (id.equals("data")) {
        if (format == null) {
          throw new WavFormatException(name + ": data chunk before the fmt chunk");
        }
        long available = file.length - body;
        if (size == 0 && riffSizeIsTheFiles(b, file.length) && chunkAt(b, file.length, body)) {
          return new WavFile(format, new byte[0], false); // really empty: another chunk follows, not audio
        }
        boolean mismatch = size == 0 || size == 0xFFFF_FFFFL || size > available;
        long len = mismatch ? available : size;
        len -= len % format.bytesPerFrame();
        return new WavFile(format, Arrays.copyOfRange(file, body, body + (int) len), mismatch && len > 0);
      }
      pos = (int) Math.min(file.length, body + size + (size & 1));
    }
    throw new WavFormatException(name + ": " + (format == null ? "no fmt chunk" : "no data chunk"));
  }

  /**
   * Whether the RIFF header's size is the file's: a writer that went back to fill it in. A streaming writer
   * that could not leaves 0 there as in the data chunk's size, whose audio then runs to the end.
   */
  private static boolean riffSizeIsTheFiles(ByteBuffer b, int fileLength) {
    return (b.getInt(4) & 0xFFFF_FFFFL) + 8 == fileLength;
  }

  /** Whether a chunk header is at {@code at}: an id of four printable ASCII characters, a size that fits. */
  private static boolean chunkAt(ByteBuffer b, int fileLength, int at) {
    if (at + 8 > fileLength) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      int c = b.get(at + i) & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return at + 8 + (b.getInt(at + 4) & 0xFFFF_FFFFL) <= fileLength;
  }

  private static AudioFormat format(String name, ByteBuffer b, int at, long size) throws WavFormatException {
    int tag = b.getShort(at) & 0xFFFF;
    int channels = b.getShort(at + 2) & 0xFFFF;
    int rate = b.getInt(at + 4);
    int bits = b.getShort(at + 14) & 0xFFFF;
    if (tag == WavHeader.TAG_EXTENSIBLE && size >= 40) {
      tag = b.getShort(at + 24) & 0xFFFF; // the sub-format GUID starts with the format tag
    }
    Encoding encoding;
    if (tag == WavHeader.TAG_PCM && bits == 16) {
      encoding = Encoding.PCM16LE;
    } else if (tag == WavHeader.TAG_ULAW && bits == 8) {
      encoding = Encoding.ULAW;
    } else if (tag == WavHeader.TAG_ALAW && bits == 8) {
      encoding = Encoding.ALAW;
    } else {
      throw new WavFormatException(name + ": unsupported WAV encoding (format tag " + tag + ", " + bits
          + " bits); expected 16-bit PCM, mu-law or A-law");
    }
    try {
      return AudioFormat.of(encoding, rate, channels);
    } catch (IllegalArgumentException e) {
      throw new WavFormatException(name + ": " + e.getMessage());
    }
  }
}
