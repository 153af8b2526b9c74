package dev.voicelog.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * What a followed file began with when {@link LogTail} began to read it: its first line, newline included,
 * or its first {@value #MAX_BYTES} bytes when that line is longer. A file that no longer begins with them
 * was truncated and written again in place: logrotate's {@code copytruncate} keeps the inode, and by the next
 * poll the writer may have written the file past where the tail was, so its size alone does not show it.
 * Filebeat knows its files by such a fingerprint of their start. A voicelog line begins with its timestamp
 * to the microsecond and its session, so two files do not begin alike by chance.
 *
 * <p>Checking costs one read of at most {@value #MAX_BYTES} bytes at the file's start. Immutable.
 */
final class StartFingerprint {
  /** The most bytes compared: a first line longer than this is known by its first bytes. */
  static final int MAX_BYTES = 1024;

  private final byte[] bytes;

  private StartFingerprint(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Of a file whose first {@code filled} bytes are {@code buf}'s: null while they hold neither a whole line
   * nor {@value #MAX_BYTES} bytes (a first line still being written is not known yet).
   */
  static StartFingerprint of(byte[] buf, int filled) {
    int n = Math.min(filled, MAX_BYTES);
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        return new StartFingerprint(Arrays.copyOf(buf, i + 1));
      }
    }
    return n == MAX_BYTES ? new StartFingerprint(Arrays.copyOf(buf, n)) : null;
  }

  /** Of the file read through {@code ch}, as it begins now (null as for {@link #of}). */
  static StartFingerprint read(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(MAX_BYTES);
    return of(b.array(), readFromStart(ch, b));
  }

  /** Whether the file read through {@code ch} still begins with these bytes. */
  boolean matches(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(bytes.length);
    return readFromStart(ch, b) == bytes.length && Arrays.equals(b.array(), bytes);
  }

  /** Fills {@code b} from the file's offset 0, as far as the file goes; the bytes read. */
  private static int readFromStart(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, b.position()) <= 0) {
        break;
      }
    }
    return b.position();
  }
}
