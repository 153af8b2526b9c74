package dev.voicelog.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Follows a directory of logs while they are written: each {@link #poll} reads what was appended since the
 * last one, in the same files, formats and order as {@link LogReader} (a directory stands for its files
 * named {@code voicelog_events*}, {@code voicemode_events*} or {@code *.jsonl}, in name order), and hands
 * over every complete line as a {@link LogEvent} and every bad line as a {@link Problem}, through the same
 * {@link LineDecoder}.
 *
 * <pre>{@code
 * try (LogTail tail = LogTail.create(dir)) {
 *   while (running) {
 *     tail.poll(events::add, problems::add);   // the first poll reads what is there already
 *     Thread.sleep(250);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Rotation.</b> A file that appears (the next day's, the next hour's) is read from its start. A file
 * renamed away by a rotator ({@code voicelog_events.jsonl} to {@code voicelog_events.jsonl.1}) is recognised
 * by its file key (inode) and followed on from where it was, not read twice. A file replaced under the same
 * name, or truncated ({@code copytruncate}), is read again from its start. Compressed files ({@code .gz})
 * are rotated archives: those there at the first poll are read once, whole; those that appear later hold
 * what was already read from the file they were compressed from, and are not read again.
 *
 * <p><b>Partial lines.</b> A line is handed over only once its newline is written, so a line being written
 * is never mistaken for a torn one; a line longer than the reader's limit is reported and skipped.
 *
 * <p>Not thread-safe: one thread polls. {@link #poll} blocks while it reads; it reads at most
 * {@link #MAX_BYTES_PER_POLL} per file per call, so one call stays short even on a large backlog (call again
 * while {@link #behind()}).
 */
public final class LogTail implements Closeable {
  /** The most a single {@link #poll} reads of one file. */
  public static final long MAX_BYTES_PER_POLL = 64L << 20;

  private static final int CHUNK = 1 << 20;

  private final Path directory;
  private final Map<Path, Followed> files = new LinkedHashMap<>();
  private byte[] buf = new byte[CHUNK];
  private boolean behind;
  private boolean polled;
  private boolean closed;

  private LogTail(Path directory) {
    this.directory = directory;
  }

  /**
   * Follows {@code directory}. Nothing is read until the first {@link #poll}.
   *
   * @throws NoSuchFileException if it is not a directory
   */
  public static LogTail create(Path directory) throws NoSuchFileException {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new NoSuchFileException(directory.toString(), null, "not a directory");
    }
    return new LogTail(directory);
  }

  /** The directory followed. */
  public Path directory() {
    return directory;
  }

  /** The files followed after the last poll, in reading order. */
  public List<Path> files() {
    return List.copyOf(files.keySet());
  }

  /** Whether the last poll stopped at {@link #MAX_BYTES_PER_POLL} before the end of some file. */
  public boolean behind() {
    return behind;
  }

  /**
   * Reads what was written since the last poll and hands it over, on this thread, in file and line order.
   * Problems inside files (a malformed line, a file that cannot be read) go to {@code problems}; reading goes
   * on.
   *
   * @throws IOException only when the directory itself can no longer be listed
   * @throws IllegalStateException after {@link #close()}
   */
  public void poll(Consumer<LogEvent> events, Consumer<Problem> problems) throws IOException {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    List<Path> listed = LogReader.files(List.of(directory));
    Map<Object, Followed> byKey = new HashMap<>();
    for (Followed f : files.values()) {
      if (f.key != null) {
        byKey.put(f.key, f);
      }
    }
    Map<Path, Object> keys = new HashMap<>();
    for (Path p : listed) {
      try {
        keys.put(p, Files.readAttributes(p, BasicFileAttributes.class).fileKey());
      } catch (IOException gone) {
        // deleted between the listing and now
      }
    }
    Map<Path, Followed> next = new LinkedHashMap<>();
    for (Path p : listed) {
      if (!keys.containsKey(p)) {
        continue;
      }
      Object key = keys.get(p);
      Followed f = files.get(p);
      if (f == null || (key != null && !key.equals(f.key))) {
        // New here, or replaced under this name: was this very file followed under another name?
        Followed moved = key == null ? null : byKey.get(key);
        if (moved != null && !moved.path.equals(p) && !key.equals(keys.get(moved.path))) {
          f = moved.renamed(p); // a rotator renamed it: go on where we were
        } else {
          f = new Followed(p, key, problems);
          f.done = f.gzipped && polled; // an archive of lines already read
        }
      }
      next.put(p, f);
    }
    files.clear();
    files.putAll(next);
    behind = false;
    polled = true;
    for (Followed f : files.values()) {
      f.problems = problems;
      read(f, events, problems);
    }
  }

  private void read(Followed f, Consumer<LogEvent> events, Consumer<Problem> problems) {
    if (f.gzipped) {
      if (!f.done) {
        f.done = true;
        readGzip(f, events, problems);
      }
      return;
    }
    try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < f.position) {
        f.restart(); // truncated: a new file's content
      }
      long limit = Math.min(size, f.position + MAX_BYTES_PER_POLL);
      if (limit < size) {
        behind = true;
      }
      int filled = 0;
      long pos = f.position;
      while (pos + filled < limit) {
        if (filled == buf.length) {
          if (buf.length >= LineSplitter.MAX_LINE) {
            skipLongLine(f, ch, pos, filled, limit, problems);
            return;
          }
          buf = java.util.Arrays.copyOf(buf, Math.min(LineSplitter.MAX_LINE, buf.length * 2));
        }
        int n = ch.read(ByteBuffer.wrap(buf, filled, (int) Math.min(buf.length - filled, limit - pos - filled)),
            pos + filled);
        if (n <= 0) {
          break;
        }
        int scanFrom = filled;
        filled += n;
        int start = 0;
        for (int i = scanFrom; i < filled; i++) {
          if (buf[i] == '\n') {
            line(f, start, i - start, events);
            start = i + 1;
          }
        }
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, filled - start);
          filled -= start;
          pos += start;
          f.position = pos;
        }
      }
    } catch (NoSuchFileException gone) {
      // removed since the listing; forgotten at the next poll
    } catch (IOException e) {
      problems.accept(new Problem(f.path.toString(), f.line, Problem.Kind.UNREADABLE, 1,
          "could not read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
  }

  private void line(Followed f, int off, int len, Consumer<LogEvent> events) {
    f.line++;
    if (f.skipping) {
      f.skipping = false;
      return;
    }
    LogEvent e = f.decoder.decode(buf, off, len, f.line, false);
    if (e != null) {
      events.accept(e);
    }
  }

  /** One line fills the largest buffer: report it once and drop it up to its newline. */
  private void skipLongLine(Followed f, FileChannel ch, long pos, int filled, long limit, Consumer<Problem> problems)
      throws IOException {
    if (!f.skipping) {
      problems.accept(new Problem(f.path.toString(), f.line + 1, Problem.Kind.MALFORMED, 1,
          "line is longer than " + LineSplitter.MAX_LINE + " bytes; skipped"));
      f.skipping = true;
    }
    long at = pos + filled;
    ByteBuffer probe = ByteBuffer.allocate(CHUNK);
    while (at < limit) {
      probe.clear();
      int n = ch.read(probe, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (probe.get(i) == '\n') {
          f.position = at + i + 1;
          f.line++;
          f.skipping = false;
          return;
        }
      }
      at += n;
    }
    f.position = at; // the rest of the long line: still skipping
  }

  private static void readGzip(Followed f, Consumer<LogEvent> events, Consumer<Problem> problems) {
    long[] lines = {0};
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f.path), 1 << 16)) {
      new LineSplitter().split(in::read, 1, (b, off, len, line, unterminated) -> {
        lines[0] = line;
        LogEvent e = f.decoder.decode(b, off, len, line, unterminated);
        if (e != null) {
          events.accept(e);
        }
      }, null, (line, length) -> problems.accept(new Problem(f.path.toString(), line, Problem.Kind.MALFORMED, 1,
          "line of " + length + " bytes is longer than " + LineSplitter.MAX_LINE + "; skipped")));
    } catch (IOException | RuntimeException e) {
      problems.accept(new Problem(f.path.toString(), lines[0], Problem.Kind.UNREADABLE, 1,
          "could not read the file to its end: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
  }

  /** Stops following; later polls throw. */
  @Override
  public void close() {
    closed = true;
    files.clear();
  }

  /** Where one file is read up to. */
  private static final class Followed {
    final Path path;
    final Object key;
    final boolean gzipped;
    LineDecoder decoder;
    Consumer<Problem> problems;
    long position;
    long line;
    boolean skipping;
    boolean done;

    Followed(Path path, Object key, Consumer<Problem> problems) {
      this.path = path;
      this.key = key;
      this.gzipped = path.getFileName().toString().endsWith(".gz");
      this.problems = problems;
      this.decoder = new LineDecoder(path.toString(), p -> this.problems.accept(p));
    }

    /** The same file under a new name: read on from where it was. */
    Followed renamed(Path to) {
      Followed f = new Followed(to, key, problems);
      f.position = position;
      f.line = line;
      f.skipping = skipping;
      f.done = done || f.gzipped;
      return f;
    }

    void restart() {
      position = 0;
      line = 0;
      skipping = false;
      decoder = new LineDecoder(path.toString(), p -> this.problems.accept(p));
    }
  }

  @Override
  public String toString() {
    return "LogTail[" + directory + ", " + files.size() + " files]";
  }
}
