package dev.voicelog.cli;

import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.LiveTurns;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the newest log file of a directory as it grows, through rotation: each {@link #poll()} reads the
 * whole lines appended since the last one (a line still being written waits for its newline), moves on to
 * a newer file when one appears (after finishing the current one), and prints each event and each turn's
 * metrics as the turn completes ({@link LiveTurns}). The first poll catches up with what the newest file
 * already holds and prints only the last {@code initialLines} lines of that. Not thread-safe.
 */
final class Follower {
  private static final int CHUNK = 1 << 16;

  private final Path target;
  private final boolean directory;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Format format;
  private final Style style;
  private final int initialLines;
  private final LiveTurns live;
  private Path current;
  private long position;
  private long lineNumber;
  private LineDecoder decoder;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private Deque<String> catchUp;

  Follower(Path target, PrintWriter out, PrintWriter err, Format format, Style style, int initialLines,
      AnalysisOptions options) {
    this.target = target;
    this.directory = Files.isDirectory(target);
    this.out = out;
    this.err = err;
    this.format = format;
    this.style = style;
    this.initialLines = initialLines;
    this.live = new LiveTurns(options, LiveTurns.DEFAULT_REORDER_WINDOW, new LiveTurns.Listener() {
      @Override
      public void turn(String sessionId, Turn turn) {
        emit(turnLine(sessionId, turn));
      }

      @Override
      public void sessionEnded(String sessionId, List<Anomaly> anomalies) {
        for (Anomaly a : anomalies) {
          emit(format == Format.json ? anomalyJson(sessionId, a) : sessionId + "  " + Text.anomaly(a, style));
        }
      }
    });
  }

  /** The file being followed, or null before the first poll found one. */
  Path current() {
    return current;
  }

  /**
   * Reads what was appended since the last poll, across rotations.
   *
   * @return whether anything new was read
   */
  boolean poll() throws IOException {
    boolean first = current == null;
    if (first) {
      catchUp = new ArrayDeque<>();
    }
    boolean any = false;
    while (true) {
      if (current == null) {
        current = newest();
        if (current == null) {
          break;
        }
        open(current);
      }
      any |= readAppended();
      Path next = next();
      if (next == null) {
        break;
      }
      if (partial.size() > 0) { // the old file ended without a newline: that line is complete now
        line(partial.toByteArray(), partial.size(), true);
        partial.reset();
      }
      open(next);
      current = next;
    }
    if (first && catchUp != null) {
      Deque<String> shown = catchUp;
      catchUp = null;
      for (String s : shown) {
        out.println(s);
      }
    }
    out.flush();
    return any;
  }

  /** Ends every session still open: prints the turns they hold. */
  void finish() {
    live.finish();
    out.flush();
  }

  private void open(Path file) {
    current = file;
    position = 0;
    lineNumber = 0;
    decoder = new LineDecoder(file.toString(), this::problem);
    partial.reset();
  }

  private List<Path> candidates() throws IOException {
    if (!directory) {
      return List.of(target);
    }
    return LogReader.files(List.of(target)).stream().filter(p -> !p.getFileName().toString().endsWith(".gz")).toList();
  }

  private Path newest() throws IOException {
    List<Path> files = candidates();
    return files.isEmpty() ? null : files.get(files.size() - 1);
  }

  /** The file after the current one in rotation order, or null. */
  private Path next() throws IOException {
    List<Path> files = candidates();
    int i = files.indexOf(current);
    if (i < 0) {
      return files.isEmpty() ? null : files.get(files.size() - 1).equals(current) ? null : files.get(files.size() - 1);
    }
    return i + 1 < files.size() ? files.get(i + 1) : null;
  }

  private boolean readAppended() throws IOException {
    if (!Files.exists(current)) {
      return false;
    }
    boolean any = false;
    try (FileChannel ch = FileChannel.open(current, StandardOpenOption.READ)) {
      if (ch.size() < position) { // truncated and rewritten: start again
        position = 0;
        lineNumber = 0;
        partial.reset();
      }
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      while (true) {
        buf.clear();
        int n = ch.read(buf, position);
        if (n <= 0) {
          break;
        }
        any = true;
        position += n;
        byte[] a = buf.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (a[i] == '\n') {
            partial.write(a, start, i - start);
            line(partial.toByteArray(), partial.size(), false);
            partial.reset();
            start = i + 1;
          }
        }
        partial.write(a, start, n - start);
      }
    }
    return any;
  }

  private void line(byte[] b, int len, boolean unterminated) {
    lineNumber++;
    LogEvent e = decoder.decode(b, 0, len, lineNumber, unterminated);
    if (e == null) {
      return;
    }
    emit(eventLine(e));
    live.accept(e);
  }

  private void problem(Problem p) {
    err.println("voicelog: skipped " + p);
    err.flush();
  }

  private void emit(String s) {
    if (catchUp != null) {
      catchUp.addLast(s);
      while (catchUp.size() > initialLines) {
        catchUp.removeFirst();
      }
    } else {
      out.println(s);
    }
  }

  private String eventLine(LogEvent e) {
    if (format == Format.json) {
      StringBuilder sb = new StringBuilder();
      JsonWriter w = new JsonWriter(sb, false);
      w.beginObject().name("kind").value("event").name("event");
      TimelineRenderer.eventJson(w, null, e);
      w.endObject();
      return sb.toString();
    }
    String clock = e.timestampText() == null ? "" : e.timestampText().substring(11, 23);
    String type = TimelineRenderer.isError(e) ? "x " + e.type() : e.type();
    String line = String.format(Locale.ROOT, "%s  %-16s %10s  %-5s  %-26s %s", clock, e.sessionId(), Text.offset(e.t()),
        TimelineRenderer.who(e), type, TimelineRenderer.detail(e)).stripTrailing();
    return TimelineRenderer.isError(e) ? style.red(line) : line;
  }

  private String turnLine(String sessionId, Turn t) {
    if (format == Format.json) {
      StringBuilder sb = new StringBuilder();
      JsonWriter w = new JsonWriter(sb, false);
      w.beginObject().name("kind").value("turn").name("session").value(sessionId).name("turn");
      SummaryRenderer.turnJson(w, t);
      w.endObject();
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder(sessionId).append("  turn ").append(t.number()).append(':');
    for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
      if (m.getKey() == Metric.VOICE_TO_VOICE || m.getKey() == Metric.RESPONSE_TIME || m.getKey() == Metric.TTFA
          || m.getKey() == Metric.LLM_TTFT || m.getKey() == Metric.STT_LATENCY) {
        sb.append("  ").append(m.getKey().id()).append(' ').append(Text.secs(m.getValue()));
      }
    }
    if (t.metrics().isEmpty()) {
      sb.append("  no latency metrics");
    }
    if (t.interrupted()) {
      sb.append("  interrupted");
    }
    for (Anomaly a : t.anomalies()) {
      sb.append("\n    ").append(Text.anomaly(a, style));
    }
    return style.cyan("== ") + sb;
  }

  private static String anomalyJson(String sessionId, Anomaly a) {
    StringBuilder sb = new StringBuilder();
    JsonWriter w = new JsonWriter(sb, false);
    w.beginObject().name("kind").value("anomaly").name("session").value(sessionId).name("anomalies");
    SummaryRenderer.anomaliesJson(w, List.of(a));
    w.endObject();
    return sb.toString();
  }
}
