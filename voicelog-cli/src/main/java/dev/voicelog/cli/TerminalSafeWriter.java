package dev.voicelog.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What a command prints to a terminal, with the control characters that came from the logs made visible
 * ({@code \u001b} as the six characters {@code \u001b}): a transcript, an error message or a session id
 * is written by whoever fed the agent, and must not retitle the window, clear the screen or reorder the
 * text (bidirectional overrides) of the engineer reading it. Newlines and tabs pass, and so do voicelog's
 * own colours ({@code ESC [ digits ; m}, the only sequences {@link Style} writes), each within one write.
 * Used only when the stream is a terminal; piped output stays exactly as the log has it. Not thread-safe
 * beyond the wrapped writer's own locking.
 */
final class TerminalSafeWriter extends FilterWriter {
  TerminalSafeWriter(Writer out) {
    super(out);
  }

  @Override
  public void write(int c) throws IOException {
    write(new char[] {(char) c}, 0, 1);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    write(s.toCharArray(), off, len);
  }

  @Override
  public void write(char[] b, int off, int len) throws IOException {
    int end = off + len;
    int clean = off; // start of the run not yet written
    for (int i = off; i < end; i++) {
      char c = b[i];
      if (!unsafe(c)) {
        continue;
      }
      int colour = c == '\u001b' ? colourEnd(b, i, end) : -1;
      if (colour > 0) {
        i = colour - 1; // voicelog's own colour: written with the run
        continue;
      }
      out.write(b, clean, i - clean);
      out.write(String.format("\\u%04x", (int) c));
      clean = i + 1;
    }
    out.write(b, clean, end - clean);
  }

  /** C0 controls but newline and tab, DEL, C1 controls, and the bidirectional embeddings and overrides. */
  static boolean unsafe(char c) {
    return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** The end (exclusive) of an SGR sequence {@code ESC [ [0-9;]* m} starting at {@code at}, else -1. */
  private static int colourEnd(char[] b, int at, int end) {
    if (at + 2 >= end || b[at + 1] != '[') {
      return -1;
    }
    for (int i = at + 2; i < end && i < at + 16; i++) {
      char c = b[i];
      if (c == 'm') {
        return i + 1;
      }
      if (!(c >= '0' && c <= '9') && c != ';') {
        return -1;
      }
    }
    return -1;
  }
}
