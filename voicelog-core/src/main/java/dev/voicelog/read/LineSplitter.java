package dev.voicelog.read;

import java.io.IOException;

/**
 * Cuts a byte stream into lines for a {@link LineDecoder}, through one reused buffer: a line is handed
 * over as a slice of that buffer, never copied unless it straddles two reads. The last line of the stream
 * is handed over even without a newline, marked unterminated. A line longer than {@link #MAX_LINE} is
 * reported and skipped rather than held. Not thread-safe.
 */
final class LineSplitter {
  static final int BUFFER = 1 << 20;
  static final int MAX_LINE = 64 << 20;

  /** Where bytes come from: like {@link java.io.InputStream#read(byte[], int, int)}, -1 at the end. */
  @FunctionalInterface
  interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Receives each line: a slice of the splitter's buffer, valid only during the call. */
  @FunctionalInterface
  interface Handler {
    void line(byte[] b, int off, int len, long lineNumber, boolean unterminated);
  }

  /** Receives the number of bytes consumed since the last call, for progress reports. */
  @FunctionalInterface
  interface Progress {
    void advanced(long bytes);
  }

  interface TooLong {
    void line(long lineNumber, long length);
  }

  private byte[] buf = new byte[BUFFER];

  /**
   * Reads {@code source} to its end.
   *
   * @param firstLine the number of the first line (1 unless this is the second part of a split file)
   * @return the number of lines seen
   */
  long split(Source source, long firstLine, Handler handler, Progress progress, TooLong tooLong) throws IOException {
    int start = 0;
    int filled = 0;
    long line = firstLine;
    boolean skipping = false;
    long skippedLength = 0;
    while (true) {
      if (filled == buf.length) {
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, filled - start);
          filled -= start;
          start = 0;
        } else if (buf.length < MAX_LINE) {
          buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
        } else {
          skipping = true; // one line fills the largest buffer: drop it up to its newline
          skippedLength += filled;
          start = 0;
          filled = 0;
        }
      }
      int n = source.read(buf, filled, buf.length - filled);
      if (n < 0) {
        break;
      }
      if (progress != null) {
        progress.advanced(n);
      }
      int scanFrom = filled;
      filled += n;
      for (int i = scanFrom; i < filled; i++) {
        if (buf[i] == '\n') {
          if (skipping) {
            tooLong.line(line, skippedLength + i - start);
            skipping = false;
            skippedLength = 0;
          } else {
            handler.line(buf, start, i - start, line, false);
          }
          line++;
          start = i + 1;
        }
      }
      if (start == filled) {
        start = 0;
        filled = 0;
      }
    }
    if (skipping) {
      tooLong.line(line, skippedLength + filled - start);
      line++;
    } else if (filled > start) {
      handler.line(buf, start, filled - start, line, true);
      line++;
    }
    return line - firstLine;
  }
}
