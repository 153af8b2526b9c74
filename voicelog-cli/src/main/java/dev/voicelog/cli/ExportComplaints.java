package dev.voicelog.cli;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * While {@code voicelog export otlp} runs, what the OpenTelemetry SDK and voicelog-otel say about failed
 * exports (a line per batch, made for a long-running agent) is held back instead of printed: the command
 * ends with one line that counts what did not arrive, and gives the first failure's reason. Not thread-safe
 * to hold twice at once; the records themselves may come from any thread.
 */
final class ExportComplaints extends Handler {
  /** The loggers of the exporters' complaints; held strongly so their settings stay while held. */
  private static final List<Logger> EXPORTERS = List.of(Logger.getLogger("io.opentelemetry"), Logger.getLogger("dev.voicelog.otel"));

  private volatile String first;

  private ExportComplaints() {
    setLevel(Level.WARNING);
  }

  /** Starts holding the exporters' warnings and errors back. */
  static ExportComplaints hold() {
    ExportComplaints h = new ExportComplaints();
    for (Logger l : EXPORTERS) {
      l.setUseParentHandlers(false);
      l.addHandler(h);
    }
    return h;
  }

  /** Lets the exporters print again. */
  void release() {
    for (Logger l : EXPORTERS) {
      l.removeHandler(this);
      l.setUseParentHandlers(true);
    }
  }

  /** The first error held back, in one line ({@link CliLogging#text}); null if none. Warnings are only held back. */
  String first() {
    return first;
  }

  @Override
  public synchronized void publish(LogRecord r) {
    if (first == null && isLoggable(r) && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
      first = CliLogging.text(new SimpleFormatter().formatMessage(r), r.getThrown());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
