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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Follows a directory of logs (or one log file) while they are written: each {@link #poll} reads what was
 * appended since the last one, in the same files, formats and order as {@link LogReader} (a directory stands
 * for its files named {@code voicelog_events*}, {@code voicemode_events*} or {@code *.jsonl}, in name order),
 * and hands over every complete line as a {@link LogEvent} and every bad line as a {@link Problem}, through
 * the same {@link LineDecoder}. The live dashboard ({@code voicelog serve}) and {@code voicelog tail -f} both
 * follow their logs with it.
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
 * <p><b>Where it starts.</b> The first poll reads every file from its start; with
 * {@link Builder#startAtNewestFile(boolean)} it reads only the newest one (the last in reading order that is
 * not compressed), the way {@code tail} does, and follows the others from their current end.
 *
 * <p><b>Rotation.</b> A file that appears (the next day's, the next hour's) is read from its start. A file
 * renamed away by a rotator ({@code voicelog_events.jsonl} to {@code voicelog_events.jsonl.1}) is recognised
 * by its file key (inode) and followed on from where it was, not read twice. A file replaced under the same
 * name, or truncated in place ({@code copytruncate}), is read again from its start. A truncation is seen
 * when the file has shrunk below where the tail had read, or, when it has grown past that again by the
 * next poll, by its start: the tail keeps the first line of each file as it read it (see
 * {@link StartFingerprint}; one read of at most {@value StartFingerprint#MAX_BYTES} bytes per file and
 * poll) and reads the file again from its start when it no longer begins with that line. The copy
 * {@code copytruncate} leaves is a new file: in the followed directory its lines are read again, unless it
 * is moved elsewhere (logrotate's {@code olddir}) or compressed at once. Compressed files ({@code .gz})
 * are rotated archives: those there at the first poll are read once, whole; those that appear later hold
 * what was already read from the file they were compressed from, and are not read again.
 *
 * <p><b>Partial lines.</b> A line is handed over only once its newline is written, so a line being written
 * is never mistaken for a torn one. One exception: a file the writer has left (another uncompressed file
 * was modified after it, as the next day's is after a rotation) that ends without a newline and did not
 * grow between two polls has its last line handed over as it is: an event if it is whole, else a
 * {@link Problem.Kind#TORN_LAST_LINE}. A line longer than the reader's limit is reported and skipped.
 *
 * <p>Not thread-safe: one thread polls. {@link #poll} blocks while it reads; it reads at most
 * {@link #MAX_BYTES_PER_POLL} per file per call, so one call stays short even on a large backlog (call again
 * while {@link #behind()}).
 */
public final class LogTail implements Closeable {
  /** The most a single {@link #poll} reads of one file. */
  public static final long MAX_BYTES_PER_POLL = LineSplitter.MAX_LINE;

  private static final int CHUNK = 1 << 20;

  private final Path path;
  private final boolean directory;
  private final boolean startAtNewestFile;
  private final Map<Path, Followed> files = new LinkedHashMap<>();
  private byte[] buf = new byte[CHUNK];
  private boolean behind;
  /** Within {@link #pollToEnd}: last lines are handed over without their newline. */
  private boolean draining;
  private boolean polled;
  private boolean closed;

  private LogTail(Builder b) {
    this.path = b.path;
    this.directory = Files.isDirectory(b.path);
    this.startAtNewestFile = b.startAtNewestFile;
  }

  /**
   * Follows {@code path}, a directory of logs or one log file, from the start of every file. Nothing is read
   * until the first {@link #poll}.
   *
   * @throws NoSuchFileException if it is neither a directory nor a file
   */
  public static LogTail create(Path path) throws NoSuchFileException {
    return builder(path).build();
  }

  /** A builder for following {@code path}, a directory of logs or one log file. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /** Configures a {@link LogTail}. Not thread-safe. */
  public static final class Builder {
    private final Path path;
    private boolean startAtNewestFile;

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Whether the first poll reads only the newest file (default false: every file). The newest is the last
     * in reading order that is not compressed; the others are followed from where they end at the first
     * poll, so only what is appended to them later is read.
     */
    public Builder startAtNewestFile(boolean newestOnly) {
      this.startAtNewestFile = newestOnly;
      return this;
    }

    /**
     * The tail. Nothing is read until the first {@link LogTail#poll}.
     *
     * @throws NoSuchFileException if the path is neither a directory nor a file
     */
    public LogTail build() throws NoSuchFileException {
      if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
        throw new NoSuchFileException(path.toString(), null, "not a directory or a file");
      }
      return new LogTail(this);
    }
  }

  /** The directory (or the file) followed. */
  public Path directory() {
    return path;
  }

  /** The files followed after the last poll, in reading order. */
  public List<Path> files() {
    return List.copyOf(files.keySet());
  }

  /**
   * The last read of a one-shot tail ({@code voicelog tail} without {@code -f}): as {@link #poll}, up to what
   * the files held when it was called, and a last line without its newline is handed over too (decoded as
   * {@link #poll} does once its writer has moved on: an event if it parses, else a torn-line problem), as a
   * reader of the whole file would. Then the tail is closed: a later poll would read the rest of a line
   * handed over half-written as a line of its own.
   *
   * @throws IOException only when the directory itself can no longer be listed
   */
  public void pollToEnd(Consumer<LogEvent> events, Consumer<Problem> problems) throws IOException {
    long held = 0;
    for (Path p : list()) {
      try {
        held += Files.size(p);
      } catch (IOException gone) {
        // removed since the listing: nothing to read in it
      }
    }
    draining = true;
    try {
      // Each poll reads up to MAX_BYTES_PER_POLL of each file: enough polls for what was there, not for a
      // writer that keeps ahead.
      for (long round = 0; round <= held / MAX_BYTES_PER_POLL; round++) {
        poll(events, problems);
        if (!behind) {
          break;
        }
      }
    } finally {
      draining = false;
      close();
    }
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
    List<Path> listed = list();
    Map<Object, Followed> byKey = new HashMap<>();
    for (Followed f : files.values()) {
      if (f.key != null) {
        byKey.put(f.key, f);
      }
    }
    Map<Path, Object> keys = new HashMap<>();
    Map<Path, Long> modified = new HashMap<>();
    for (Path p : listed) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        keys.put(p, a.fileKey());
        modified.put(p, a.lastModifiedTime().toMillis());
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
    if (!polled && startAtNewestFile) {
      Path newest = newest(next.values());
      for (Followed f : next.values()) {
        if (!f.path.equals(newest)) {
          f.skipToEnd();
        }
      }
    }
    files.clear();
    files.putAll(next);
    long lastWritten = Long.MIN_VALUE; // of the uncompressed files: the one being written now
    for (Followed f : files.values()) {
      if (!f.gzipped) {
        lastWritten = Math.max(lastWritten, modified.get(f.path));
      }
    }
    for (Followed f : files.values()) {
      f.leftBehind = modified.get(f.path) < lastWritten; // another file was written after it
    }
    behind = false;
    polled = true;
    for (Followed f : files.values()) {
      f.problems = problems;
      read(f, events, problems);
    }
  }

  private List<Path> list() throws IOException {
    if (directory) {
      return LogReader.logFilesIn(path); // one that cannot be read is a problem of each poll, not the end of the tail
    }
    return Files.isRegularFile(path) ? List.of(path) : List.of(); // renamed away: back when it is recreated
  }

  /** The last uncompressed file in reading order, else the last file, else null. */
  private static Path newest(Iterable<Followed> inOrder) {
    Path newest = null;
    Path last = null;
    for (Followed f : inOrder) {
      last = f.path;
      if (!f.gzipped) {
        newest = f.path;
      }
    }
    return newest != null ? newest : last;
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
      if (size < f.position || (f.position > 0 && f.start != null && !f.start.matches(ch))) {
        f.restart(); // truncated, perhaps written past where it was read since: a new file's content
      }
      if (f.start == null && f.position > 0) {
        f.start = StartFingerprint.read(ch); // skipped at the start: known by how it begins now
      }
      if (f.linesUnknown && size > f.position) {
        f.line = countLines(ch, f.position); // skipped at the start, and now it grows
        f.linesUnknown = false;
      }
      long limit = Math.min(size, f.position + MAX_BYTES_PER_POLL);
      if (limit < size) {
        behind = true;
      }
      int filled = 0;
      long pos = f.position;
      while (pos + filled < limit) {
        if (filled == buf.length) { // never at MAX_LINE: a poll ends there (below)
          buf = Arrays.copyOf(buf, Math.min(LineSplitter.MAX_LINE, buf.length * 2));
        }
        int n = ch.read(ByteBuffer.wrap(buf, filled, (int) Math.min(buf.length - filled, limit - pos - filled)),
            pos + filled);
        if (n <= 0) {
          break;
        }
        int scanFrom = filled;
        filled += n;
        if (pos == 0 && f.start == null) {
          f.start = StartFingerprint.of(buf, filled); // the file's first bytes, as read
        }
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
      if (filled >= LineSplitter.MAX_LINE) {
        // A poll reads at most MAX_BYTES_PER_POLL, the longest line: a longer one fills it without a newline and
        // would be read again from its start at every poll, for ever, and nothing after it ever read.
        skipLongLine(f, ch, pos, filled, limit, problems);
        return;
      }
      if (filled > 0 && pos + filled == size && (draining || (size == f.lastSize && f.leftBehind))) {
        // The writer has moved on and this file stopped growing without a newline: its last line is all there is.
        f.line++;
        LogEvent e = f.decoder.decode(buf, 0, filled, f.line, true);
        if (e != null) {
          events.accept(e);
        }
        f.position = size;
        f.lastLineUnterminated = true;
      }
      f.lastSize = size;
    } catch (NoSuchFileException gone) {
      // removed since the listing; forgotten at the next poll
    } catch (IOException e) {
      problems.accept(new Problem(f.path.toString(), f.line, Problem.Kind.UNREADABLE, 1,
          "could not read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
  }

  private void line(Followed f, int off, int len, Consumer<LogEvent> events) {
    if (f.lastLineUnterminated) {
      f.lastLineUnterminated = false;
      if (len == 0) {
        return; // the newline a later writer put after the line already handed over: no line of its own
      }
    }
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

  /** Newlines in the first {@code end} bytes of the file. */
  private long countLines(FileChannel ch, long end) throws IOException {
    long lines = 0;
    ByteBuffer b = ByteBuffer.wrap(buf);
    for (long at = 0; at < end; ) {
      b.clear();
      b.limit((int) Math.min(buf.length, end - at));
      int n = ch.read(b, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          lines++;
        }
      }
      at += n;
    }
    return lines;
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
    /** Skipped at the start ({@link Builder#startAtNewestFile}): lines before {@link #position} not counted yet. */
    boolean linesUnknown;
    /** The size at the previous poll, or -1. */
    long lastSize = -1;
    /** Whether another uncompressed file was modified after this one: its writer has left it. */
    boolean leftBehind;
    /** Whether the line before {@link #position} was handed over without its newline. */
    boolean lastLineUnterminated;
    /** How the file began when it was read from its start (or skipped), or null before its first line. */
    StartFingerprint start;

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
      f.linesUnknown = linesUnknown;
      f.lastSize = lastSize;
      f.lastLineUnterminated = lastLineUnterminated;
      f.start = start;
      return f;
    }

    /** Not read at the start: an archive is never read, a plain file only from where it ends now. */
    void skipToEnd() {
      if (gzipped) {
        done = true;
        return;
      }
      try {
        position = Files.size(path);
        linesUnknown = position > 0;
      } catch (IOException gone) {
        // read from the start if it comes back
      }
    }

    void restart() {
      position = 0;
      line = 0;
      skipping = false;
      linesUnknown = false;
      lastLineUnterminated = false;
      start = null;
      decoder = new LineDecoder(path.toString(), p -> this.problems.accept(p));
    }
  }

  @Override
  public String toString() {
    return "LogTail[" + path + ", " + files.size() + " files]";
  }
}
