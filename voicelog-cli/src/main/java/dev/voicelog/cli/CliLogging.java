package dev.voicelog.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What voicelog's own library code ({@code System.Logger}) and the libraries under it (Jetty, Javalin,
 * OkHttp, the OpenTelemetry SDK: all through {@code java.util.logging}) say, printed as the command prints
 * its own errors: one line on stderr, {@code voicelog: warning: what happened: why}, with the causes'
 * messages and never a stack trace or an exception's class name. Installed once by {@link Main#main};
 * tests that run commands in-process keep the JDK's default handler.
 */
final class CliLogging {
  /** A qualified exception class name as {@code Throwable.toString()} puts it before a message. */
  private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");
  /** How many causes are followed; a longer chain says nothing more to the user. */
  private static final int MAX_CAUSES = 4;

  private CliLogging() {}

  /** Replaces the root logger's handlers with one that prints {@link #line} to stderr, at INFO and above. */
  static void install() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        return line(r.getLevel(), formatMessage(r), r.getThrown()) + System.lineSeparator();
      }
    });
    root.addHandler(console);
  }

  /** {@code voicelog: warning: } and {@link #text}. */
  static String line(Level level, String message, Throwable thrown) {
    String kind = level.intValue() >= Level.SEVERE.intValue() ? "error: "
        : level.intValue() >= Level.WARNING.intValue() ? "warning: " : "";
    return "voicelog: " + kind + text(message, thrown);
  }

  /** {@code message: cause: its cause}, each thing said once, without class names. */
  static String text(String message, Throwable thrown) {
    StringBuilder b = new StringBuilder();
    List<String> parts = new ArrayList<>();
    parts.add(clean(message == null ? "" : message));
    int causes = 0;
    for (Throwable t = thrown; t != null && causes < MAX_CAUSES; t = t.getCause(), causes++) {
      parts.add(t instanceof IOException io ? clean(Cli.describe(io))
          : t.getMessage() == null ? t.getClass().getSimpleName() : clean(t.getMessage()));
    }
    String sep = "";
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).isEmpty() && !saidElsewhere(parts, i)) {
        b.append(sep).append(parts.get(i));
        sep = ": ";
      }
    }
    return b.toString();
  }

  /** Whether another part already says all of part {@code i} (a wrapper repeating its cause, or the reverse). */
  private static boolean saidElsewhere(List<String> parts, int i) {
    for (int j = 0; j < parts.size(); j++) {
      String other = parts.get(j);
      if (j != i && other.contains(parts.get(i)) && (other.length() > parts.get(i).length() || j < i)) {
        return true;
      }
    }
    return false;
  }

  private static String clean(String text) {
    return CLASS_PREFIX.matcher(text.strip()).replaceAll("");
  }
}
