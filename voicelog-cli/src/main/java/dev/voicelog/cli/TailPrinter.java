package dev.voicelog.cli;

import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.LiveTurns;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogTail;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code voicelog tail} prints, one {@link #poll()} at a time: each event a {@link LogTail} reads
 * (which follows the files through rotation: see its class comment), each turn's metrics as the turn
 * completes ({@link LiveTurns}), the anomalies of a session that ends, and on stderr the lines that could
 * not be read. The first poll catches up with what is already written and prints only the last
 * {@code initialLines} lines of that. Not thread-safe; closing it closes the tail.
 */
final class TailPrinter implements AutoCloseable {
  private final LogTail tail;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Format format;
  private final Style style;
  private final int initialLines;
  private final LiveTurns live;
  private final AnalysisJson json = AnalysisJson.create();
  private boolean polled;
  private Deque<String> catchUp;

  TailPrinter(LogTail tail, PrintWriter out, PrintWriter err, Format format, Style style, int initialLines,
      AnalysisOptions options) {
    this.tail = tail;
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

  /** Prints what was written since the last poll (all of it, however much: the tail is polled until it catches up). */
  void poll() throws IOException {
    if (!polled) {
      catchUp = new ArrayDeque<>();
    }
    do {
      tail.poll(this::event, this::problem);
    } while (tail.behind());
    if (!polled) {
      polled = true;
      Deque<String> shown = catchUp;
      catchUp = null;
      for (String s : shown) {
        out.println(s);
      }
    }
    out.flush();
  }

  /**
   * Ends a one-shot tail: a last line still without its newline is printed too (as {@code summary} reads
   * it), then every session still open ends and its turns are printed.
   */
  void finish() throws IOException {
    tail.pollToEnd(this::event, this::problem);
    live.finish();
    out.flush();
  }

  @Override
  public void close() {
    tail.close();
  }

  private void event(LogEvent e) {
    emit(eventLine(e));
    live.accept(e);
  }

  private void problem(Problem p) {
    err.println("voicelog: warning: " + p);
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
      return JsonOutput.line(g -> {
        g.writeStartObject();
        g.writeStringField("kind", "event");
        g.writeFieldName("event");
        TimelineRenderer.eventJson(g, null, e);
        g.writeEndObject();
      });
    }
    String clock = e.timestampText() == null ? "" : e.timestampText().substring(11, 23);
    String type = TimelineRenderer.isError(e) ? "x " + e.type() : e.type();
    String line = String.format(Locale.ROOT, "%s  %-16s %10s  %-5s  %-26s %s", clock, e.sessionId(), Text.offset(e.t()),
        TimelineRenderer.who(e), type, TimelineRenderer.detail(e)).stripTrailing();
    return TimelineRenderer.isError(e) ? style.red(line) : line;
  }

  private String turnLine(String sessionId, Turn t) {
    if (format == Format.json) {
      return JsonOutput.line(g -> {
        g.writeStartObject();
        g.writeStringField("kind", "turn");
        g.writeStringField("session", sessionId);
        g.writeFieldName("turn");
        json.turn(g, t);
        g.writeEndObject();
      });
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

  private String anomalyJson(String sessionId, Anomaly a) {
    return JsonOutput.line(g -> {
      g.writeStartObject();
      g.writeStringField("kind", "anomaly");
      g.writeStringField("session", sessionId);
      g.writeFieldName("anomalies");
      json.anomalies(g, List.of(a));
      g.writeEndObject();
    });
  }
}
