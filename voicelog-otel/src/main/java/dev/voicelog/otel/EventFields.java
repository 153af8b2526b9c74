package dev.voicelog.otel;

import dev.voicelog.read.LogEvent;
import java.util.Map;

/**
 * Reads the few data fields spans carry ({@code model}, {@code provider}, token counts...) from events,
 * whatever format wrote them. Values that are not what the field needs are ignored, never an error.
 * Stateless; thread-safe.
 */
final class EventFields {
  private EventFields() {}

  /** The first event's value of {@code key} that is a non-empty string or a number, as a string; else null. */
  static String text(String key, LogEvent... events) {
    for (LogEvent e : events) {
      if (e == null) {
        continue;
      }
      Object v = e.get(key);
      if (v instanceof String s && !s.isEmpty()) {
        return s;
      }
      if (v instanceof Number n) {
        return n.toString();
      }
    }
    return null;
  }

  /**
   * Input tokens an LLM event reports: {@code input_tokens} or {@code prompt_tokens}, at the top of its data,
   * under {@code usage}, or under {@code response.usage} (the Realtime API's {@code response.done}); -1 if none.
   */
  static long inputTokens(LogEvent e) {
    return tokens(e, "input_tokens", "prompt_tokens");
  }

  /** Output tokens, as {@link #inputTokens}: {@code output_tokens} or {@code completion_tokens}; -1 if none. */
  static long outputTokens(LogEvent e) {
    return tokens(e, "output_tokens", "completion_tokens");
  }

  private static long tokens(LogEvent e, String key, String alias) {
    if (e == null) {
      return -1;
    }
    Map<String, Object> data = e.data();
    long v = count(data, key, alias);
    if (v < 0 && data.get("usage") instanceof Map<?, ?> usage) {
      v = count(usage, key, alias);
    }
    if (v < 0 && data.get("response") instanceof Map<?, ?> response && response.get("usage") instanceof Map<?, ?> usage) {
      v = count(usage, key, alias);
    }
    return v;
  }

  private static long count(Map<?, ?> m, String key, String alias) {
    Object v = m.get(key);
    if (!(v instanceof Number)) {
      v = m.get(alias);
    }
    return v instanceof Number n && n.longValue() >= 0 ? n.longValue() : -1;
  }

  /** Whether a tool call's end says it failed: {@code success: false}, {@code status: "error"} or an {@code error}. */
  static boolean toolFailed(LogEvent end) {
    Map<String, Object> d = end.data();
    return Boolean.FALSE.equals(d.get("success")) || "error".equals(d.get("status")) || d.get("error") != null;
  }

  /** Whether a value can be an attribute of its own (a string, number or boolean). */
  static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }
}
