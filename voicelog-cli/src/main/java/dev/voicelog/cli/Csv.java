package dev.voicelog.cli;

/** RFC 4180 fields: quoted when they hold a comma, a quote or a line break. */
final class Csv {
  private Csv() {}

  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
