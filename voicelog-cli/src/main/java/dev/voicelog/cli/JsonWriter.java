package dev.voicelog.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes the command's JSON output (docs/cli-json.md): objects, arrays, strings, numbers, with commas
 * placed automatically and two-space indentation (or none, for JSON lines). Durations are written as
 * seconds with six decimals, exactly ({@link #seconds(long)}). Not thread-safe.
 */
final class JsonWriter {
  private final StringBuilder out;
  private final boolean pretty;
  private final Deque<boolean[]> first = new ArrayDeque<>();
  private boolean afterKey;

  JsonWriter(StringBuilder out, boolean pretty) {
    this.out = out;
    this.pretty = pretty;
  }

  private void beforeValue() {
    if (afterKey) {
      afterKey = false;
      return;
    }
    if (!first.isEmpty()) {
      boolean[] f = first.peek();
      if (!f[0]) {
        out.append(',');
      }
      f[0] = false;
      newline();
    }
  }

  private void newline() {
    if (pretty) {
      out.append('\n');
      out.append("  ".repeat(first.size()));
    }
  }

  JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    first.push(new boolean[] {true});
    return this;
  }

  JsonWriter endObject() {
    boolean empty = first.pop()[0];
    if (!empty) {
      newline();
    }
    out.append('}');
    return this;
  }

  JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    first.push(new boolean[] {true});
    return this;
  }

  JsonWriter endArray() {
    boolean empty = first.pop()[0];
    if (!empty) {
      newline();
    }
    out.append(']');
    return this;
  }

  JsonWriter name(String key) {
    beforeValue();
    string(key);
    out.append(pretty ? ": " : ":");
    afterKey = true;
    return this;
  }

  JsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  JsonWriter value(long v) {
    beforeValue();
    out.append(v);
    return this;
  }

  JsonWriter value(boolean v) {
    beforeValue();
    out.append(v);
    return this;
  }

  JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** Microseconds as a number of seconds, exactly: {@code 1.234567}. */
  JsonWriter seconds(long micros) {
    beforeValue();
    out.append(dev.voicelog.read.Durations.seconds(micros));
    return this;
  }

  /** A fractional number of microseconds (a mean, an interpolated percentile) as seconds, to the microsecond. */
  JsonWriter seconds(double micros) {
    return seconds(Math.round(micros));
  }

  /** Any plain value read from a log (maps, lists, strings, numbers, booleans, null). */
  JsonWriter any(Object v) {
    if (v == null) {
      return nullValue();
    }
    if (v instanceof Map<?, ?> m) {
      beginObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        name(String.valueOf(e.getKey()));
        any(e.getValue());
      }
      return endObject();
    }
    if (v instanceof List<?> l) {
      beginArray();
      for (Object o : l) {
        any(o);
      }
      return endArray();
    }
    if (v instanceof Boolean b) {
      return value(b);
    }
    if (v instanceof Double d) {
      beforeValue();
      out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
      return this;
    }
    if (v instanceof Number n) {
      beforeValue();
      out.append(n.toString());
      return this;
    }
    return value(String.valueOf(v));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
