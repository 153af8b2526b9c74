package dev.voicelog.cli;

import dev.voicelog.Redaction;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.read.Durations;
import java.util.Locale;

/** Small formatting rules shared by the text outputs, so that every command says things the same way. */
final class Text {
  private Text() {}

  /** Microseconds as seconds with millisecond precision: {@code 2.210s}. */
  static String secs(long micros) {
    return Durations.human(micros);
  }

  /** A fractional number of microseconds (a mean, a percentile) as seconds: {@code 2.210}. */
  static String secsNumber(double micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1e6);
  }

  /** An offset from the session start: {@code +12.345s}. */
  static String offset(long micros) {
    return (micros < 0 ? "-" : "+") + String.format(Locale.ROOT, "%.3fs", Math.abs(micros) / 1e6);
  }

  /** Spoken text, quoted and shortened to {@code max} characters; a redaction placeholder says so. */
  static String quote(String s, int max) {
    if (s == null) {
      return null;
    }
    if (Redaction.isRedactedValue(s)) {
      return "(redacted)";
    }
    String flat = s.replace('\n', ' ').replace('\r', ' ');
    if (flat.length() > max) {
      int end = Character.isHighSurrogate(flat.charAt(max - 2)) ? max - 2 : max - 1; // never half an emoji
      flat = flat.substring(0, end) + "…";
    }
    return "\"" + flat + "\"";
  }

  /** An anomaly as one line, coloured by how bad it is. */
  static String anomaly(Anomaly a, Style style) {
    String line = "! " + a.kind().name().toLowerCase(Locale.ROOT) + ": " + a.message();
    return a.kind() == Anomaly.Kind.ERROR || a.kind() == Anomaly.Kind.LOST_EVENTS ? style.red(line) : style.yellow(line);
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
