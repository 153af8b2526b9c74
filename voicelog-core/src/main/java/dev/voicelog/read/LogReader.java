package dev.voicelog.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads logs: files (plain or gzip), directories of rotated files, several paths at once, in any of the
 * three {@link LogFormat}s, into complete {@link SessionLog}s for a {@link SessionSink}.
 *
 * <pre>{@code
 * LogReader.builder().parallelism(2).build().read(List.of(Path.of("logs/")), sink);
 * }</pre>
 *
 * <p><b>Inputs.</b> A directory stands for its files named {@code voicelog_events*}, {@code voicemode_events*}
 * or {@code *.jsonl} (each optionally {@code .gz}), not its subdirectories, in name order (which is time
 * order for rotated files). A file named explicitly is read whatever its name; {@code .gz} files are
 * decompressed. Sessions may continue from one file into the next.
 *
 * <p><b>Parallelism.</b> With {@link Builder#parallelism(int)} above 1, a plain file larger than
 * {@link Builder#splitThreshold(long)} is cut at line boundaries into that many parts read by as many threads; each
 * part gathers the sessions it can complete on its own, and what is left open at the cuts is merged and
 * completed afterwards. The sessions, events and problems are the same as a sequential read; only the order
 * in which the sink receives sessions differs (and the sink is then called from several threads).
 *
 * <p><b>Failure.</b> {@link #read} throws only for the paths given (missing, unreadable: a
 * {@link NoSuchFileException} or other {@link IOException} naming the path), before reading anything.
 * Everything wrong inside the files is reported to the sink as a {@link Problem} and reading goes on.
 *
 * <p>An instance is immutable and thread-safe; each {@code read} blocks until the input is read.
 */
public final class LogReader {
  /** Plain files at least this large are split across threads when parallelism is above 1. */
  public static final long DEFAULT_SPLIT_THRESHOLD = 16L << 20;

  private final int parallelism;
  private final long splitThreshold;
  private final LongConsumer progress;

  private LogReader(Builder b) {
    this.parallelism = b.parallelism;
    this.splitThreshold = b.splitThreshold;
    this.progress = b.progress;
  }

  /** A reader with the defaults: one thread, no progress reports. */
  public static LogReader create() {
    return builder().build();
  }

  /** A builder with the defaults (one thread, no progress). */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link LogReader}. Not thread-safe. */
  public static final class Builder {
    private int parallelism = 1;
    private long splitThreshold = DEFAULT_SPLIT_THRESHOLD;
    private LongConsumer progress;

    private Builder() {}

    /**
     * Threads used to read one large plain file (1 to 64, default 1).
     *
     * @throws IllegalArgumentException outside that range
     */
    public Builder parallelism(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("parallelism must be 1 to 64, not " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * The size from which a plain file is split across threads (default {@link #DEFAULT_SPLIT_THRESHOLD}).
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder splitThreshold(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("split threshold must be at least 1 byte, not " + bytes);
      }
      this.splitThreshold = bytes;
      return this;
    }

    /** Told the number of file bytes read since its last call, from the reading threads. Must be thread-safe. */
    public Builder progress(LongConsumer bytesRead) {
      this.progress = bytesRead;
      return this;
    }

    /** The reader; the builder may be reused. */
    public LogReader build() {
      return new LogReader(this);
    }
  }

  /**
   * The files the paths stand for, in reading order (see the class comment).
   *
   * @throws NoSuchFileException naming a path that does not exist
   * @throws AccessDeniedException naming a path, or a log file in a directory, that cannot be read
   * @throws IOException naming a directory that cannot be listed
   */
  public static List<Path> files(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new NoSuchFileException(p.toString(), null, "no such file or directory");
      }
      if (Files.isDirectory(p)) {
        for (Path f : logFilesIn(p)) {
          if (!Files.isReadable(f)) {
            throw new AccessDeniedException(f.toString(), null, "permission denied");
          }
          out.add(f);
        }
      } else {
        if (!Files.isReadable(p)) {
          throw new AccessDeniedException(p.toString(), null, "permission denied");
        }
        out.add(p);
      }
    }
    return out;
  }

  /** The log files directly in {@code dir}, in reading order, readable or not. */
  static List<Path> logFilesIn(Path dir) throws IOException {
    List<Path> inDir = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (Files.isRegularFile(f) && isLogName(f.getFileName().toString())) {
          inDir.add(f);
        }
      }
    }
    inDir.sort(Comparator.comparing((Path f) -> withoutGz(f.getFileName().toString())).thenComparing(Path::toString));
    return inDir;
  }

  static boolean isLogName(String name) {
    if (name.startsWith(".")) {
      return false;
    }
    String n = withoutGz(name);
    return n.startsWith("voicelog_events") || n.startsWith("voicemode_events") || n.endsWith(".jsonl");
  }

  private static String withoutGz(String name) {
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  /** Total bytes of the files the paths stand for (for a progress bar). */
  public static long size(List<Path> files) {
    long total = 0;
    for (Path f : files) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        // counted as 0; reading it will report the problem
      }
    }
    return total;
  }

  /**
   * Reads every path and hands every session, once complete, and every problem to {@code sink}. Returns when
   * everything has been read and every session handed on.
   *
   * @throws IOException only for a path given that does not exist or cannot be listed (see {@link #files})
   */
  public void read(List<Path> paths, SessionSink sink) throws IOException {
    List<Path> files = files(paths);
    SessionCollector collector = new SessionCollector(sink);
    for (Path f : files) {
      readFile(f, collector, sink);
    }
    collector.finish();
  }

  /**
   * Receives every line of a {@link #scan}: its bytes (valid during the call only) and its event, or null. Called
   * on the thread that called {@link #scan}, one line at a time, in file order.
   */
  @FunctionalInterface
  public interface LineSink {
    /**
     * One line: {@code length} bytes of {@code bytes} from {@code offset} (without the newline), its number in
     * the file (from 1) and its event.
     *
     * @param event the decoded event, or null when the line was blank or reported as a problem
     */
    void line(byte[] bytes, int offset, int length, long lineNumber, LogEvent event);
  }

  /**
   * Reads one file (plain or gzip) line by line, decoding each line exactly as {@link #read} does, for
   * commands that work on lines rather than sessions ({@code voicelog grep}). Problems go to
   * {@code problems}; an I/O error mid-file is reported there as {@link Problem.Kind#UNREADABLE}.
   * Blocks until the file is read; runs on the calling thread.
   */
  public static void scan(Path file, LineSink sink, java.util.function.Consumer<Problem> problems) {
    String name = file.toString();
    LineDecoder decoder = new LineDecoder(name, problems);
    long[] last = {0};
    LineSplitter.Handler handler = (b, off, len, line, unterminated) -> {
      last[0] = line;
      sink.line(b, off, len, line, decoder.decode(b, off, len, line, unterminated));
    };
    LineSplitter.TooLong tooLong = (line, length) -> problems.accept(new Problem(name, line, Problem.Kind.MALFORMED, 1,
        "line of " + length + " bytes is longer than " + LineSplitter.MAX_LINE + "; skipped"));
    try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file), 1 << 16)
        : Files.newInputStream(file)) {
      new LineSplitter().split(in::read, 1, handler, null, tooLong);
    } catch (IOException | RuntimeException e) {
      problems.accept(new Problem(name, last[0], Problem.Kind.UNREADABLE, 1, "could not read the file to its end: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
  }

  private void readFile(Path path, SessionCollector collector, SessionSink sink) {
    String name = path.toString();
    long[] lines = {0};
    try {
      if (name.endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(new Counting(Files.newInputStream(path), progress), 1 << 16)) {
          readStream(in::read, name, collector, sink, 1, lines, false);
        }
      } else {
        long size = Files.size(path);
        if (parallelism > 1 && size >= splitThreshold) {
          readSplit(path, size, collector, sink);
        } else {
          try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            readStream(range(ch, 0, Long.MAX_VALUE), name, collector, sink, 1, lines, true);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      sink.problem(new Problem(name, lines[0], Problem.Kind.UNREADABLE, 1,
          "could not read the file to its end" + (lines[0] > 0 ? " (stopped after line " + lines[0] + ")" : "") + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
    collector.endOfFile(name);
  }

  private void readStream(LineSplitter.Source source, String name, SessionCollector collector, SessionSink sink,
      long firstLine, long[] linesSeen, boolean countBytes) throws IOException {
    LineDecoder decoder = new LineDecoder(name, sink::problem);
    LineSplitter splitter = new LineSplitter();
    splitter.split(source, firstLine, (b, off, len, line, unterminated) -> {
      linesSeen[0] = line;
      LogEvent e = decoder.decode(b, off, len, line, unterminated);
      if (e != null) {
        collector.accept(e);
      }
    }, progress == null || !countBytes ? null : progress::accept, (line, length) -> sink.problem(new Problem(name, line,
        Problem.Kind.MALFORMED, 1, "line of " + length + " bytes is longer than " + LineSplitter.MAX_LINE + "; skipped")));
  }

  private LineSplitter.Source range(FileChannel ch, long from, long to) {
    long[] pos = {from};
    return (b, off, len) -> {
      long left = to - pos[0];
      if (left <= 0) {
        return -1;
      }
      int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), pos[0]);
      if (n > 0) {
        pos[0] += n;
      }
      return n;
    };
  }

  /** Reads one large plain file in {@code parallelism} parts; see the class comment. */
  private void readSplit(Path path, long size, SessionCollector collector, SessionSink sink) throws IOException {
    String name = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long[] cuts = cuts(ch, size, parallelism);
      int parts = cuts.length - 1;
      long[] lineCounts = new long[parts];
      runParts(parts, i -> lineCounts[i] = countLines(ch, cuts[i], cuts[i + 1]));
      long[] firstLine = new long[parts];
      for (int i = 1; i < parts; i++) {
        firstLine[i] = firstLine[i - 1] + lineCounts[i - 1];
      }
      SessionCollector[] partCollectors = new SessionCollector[parts];
      runParts(parts, i -> {
        partCollectors[i] = new SessionCollector(sink);
        readStream(range(ch, cuts[i], cuts[i + 1]), name, partCollectors[i], sink, firstLine[i] + 1, new long[1], true);
      });
      for (SessionCollector part : partCollectors) {
        part.transferTo(collector);
      }
    }
  }

  @FunctionalInterface
  private interface Part {
    void run(int index) throws IOException;
  }

  private static void runParts(int parts, Part work) throws IOException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i < parts; i++) {
      int index = i;
      Thread t = new Thread(() -> {
        try {
          work.run(index);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "voicelog-read-" + i);
      t.start();
      threads.add(t);
    }
    try {
      work.run(0);
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading", e);
      }
    }
    Throwable f = failure.get();
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }

  /** Part boundaries: each just after a newline, so every part holds whole lines. */
  static long[] cuts(FileChannel ch, long size, int parts) throws IOException {
    List<Long> cuts = new ArrayList<>();
    cuts.add(0L);
    ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
    for (int i = 1; i < parts; i++) {
      long target = Math.max(size * i / parts, cuts.get(cuts.size() - 1));
      long cut = size;
      long pos = target;
      search:
      while (pos < size) {
        probe.clear();
        int n = ch.read(probe, pos);
        if (n <= 0) {
          break;
        }
        for (int k = 0; k < n; k++) {
          if (probe.get(k) == '\n') {
            cut = pos + k + 1;
            break search;
          }
        }
        pos += n;
      }
      if (cut > cuts.get(cuts.size() - 1) && cut < size) {
        cuts.add(cut);
      }
    }
    cuts.add(size);
    long[] out = new long[cuts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cuts.get(i);
    }
    return out;
  }

  private static long countLines(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    long count = 0;
    long pos = from;
    byte last = '\n';
    while (pos < to) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), to - pos));
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      byte[] a = buf.array();
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          count++;
        }
      }
      last = a[n - 1];
      pos += n;
    }
    return count + (last != '\n' ? 1 : 0);
  }

  /** Counts the compressed bytes read, for progress. */
  private static final class Counting extends java.io.FilterInputStream {
    private final LongConsumer progress;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && progress != null) {
        progress.accept(n);
      }
      return n;
    }
  }
}
