package dev.voicelog.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a file with HTTP range support, so the page's audio player can seek: {@code Range: bytes=A-B},
 * {@code bytes=A-} and {@code bytes=-N} (one range; anything else, a range ending before it starts included,
 * gets the whole file), 416 for a range outside the file. Blocks the request thread while it writes.
 * Stateless and thread-safe.
 */
final class RangeFile {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private RangeFile() {}

  static void send(Context ctx, Path file, String contentType) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long from = 0;
      long to = size - 1;
      String range = ctx.header("Range");
      Matcher m = range == null ? null : RANGE.matcher(range.trim());
      boolean partial = m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())
          && !backwards(m); // RFC 9110 14.1.1: an invalid range is ignored, not refused
      if (partial) {
        if (m.group(1).isEmpty()) {
          from = Math.max(0, size - Long.parseLong(m.group(2)));
        } else {
          from = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            to = Math.min(to, Long.parseLong(m.group(2)));
          }
        }
        if (from >= size || from > to) {
          ctx.status(416).header("Content-Range", "bytes */" + size);
          return;
        }
        ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + size);
      }
      ctx.header("Accept-Ranges", "bytes");
      ctx.contentType(contentType);
      ctx.res().setContentLengthLong(to - from + 1);
      OutputStream out = ctx.res().getOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long pos = from;
      while (pos <= to) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), to - pos + 1));
        int n = ch.read(buf, pos);
        if (n <= 0) {
          break; // the file shrank meanwhile
        }
        out.write(buf.array(), 0, n);
        pos += n;
      }
      out.flush();
    }
  }

  /** {@code bytes=A-B} with B before A: syntactically invalid. */
  private static boolean backwards(Matcher m) {
    return !m.group(1).isEmpty() && !m.group(2).isEmpty() && Long.parseLong(m.group(2)) < Long.parseLong(m.group(1));
  }
}
