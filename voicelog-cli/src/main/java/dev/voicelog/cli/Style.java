package dev.voicelog.cli;

import java.util.Map;

/**
 * Colour for text output: on only when standard output is a terminal and {@code NO_COLOR} is not set
 * (https://no-color.org) and {@code TERM} is not {@code dumb}. Output captured by a test is never coloured.
 */
final class Style {
  static final Style PLAIN = new Style(false);

  private final boolean on;

  private Style(boolean on) {
    this.on = on;
  }

  /** The style for standard output of this process. */
  static Style forTerminal(Map<String, String> env, boolean stdoutIsTerminal) {
    String noColor = env.get("NO_COLOR");
    boolean disabled = (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
    return new Style(stdoutIsTerminal && !disabled);
  }


  String bold(String s) {
    return on ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  String dim(String s) {
    return on ? "\u001b[2m" + s + "\u001b[0m" : s;
  }

  String red(String s) {
    return on ? "\u001b[31m" + s + "\u001b[0m" : s;
  }

  String yellow(String s) {
    return on ? "\u001b[33m" + s + "\u001b[0m" : s;
  }

  String cyan(String s) {
    return on ? "\u001b[36m" + s + "\u001b[0m" : s;
  }
}
