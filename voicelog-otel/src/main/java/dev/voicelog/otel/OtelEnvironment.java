package dev.voicelog.otel;

import dev.voicelog.VoiceLogConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that reads the OpenTelemetry environment variables and maps them onto a
 * {@link VoiceLogOtelBuilder} (they are documented there). An unset or empty variable keeps the default; a
 * value that cannot be used is an error naming the variable and what was expected. The value of
 * {@code OTEL_EXPORTER_OTLP_HEADERS} is never repeated in an error: headers carry API keys.
 */
final class OtelEnvironment {
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
  static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
  static final String CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  private OtelEnvironment() {}

  static void apply(Map<String, String> env, VoiceLogOtelBuilder b) {
    String v;
    if ((v = get(env, ENDPOINT)) != null) {
      b.endpoint(OtlpEndpoint.parse(ENDPOINT, v));
    }
    if ((v = get(env, HEADERS)) != null) {
      for (Map.Entry<String, String> h : headers(HEADERS, v).entrySet()) {
        b.header(h.getKey(), h.getValue());
      }
    }
    if ((v = get(env, SERVICE_NAME)) != null) {
      b.serviceName(v);
    }
    if ((v = get(env, CAPTURE_CONTENT)) != null) {
      b.captureContent(captureContent(v));
    }
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /**
   * {@code key1=value1,key2=value2} with percent-encoded values (the OpenTelemetry format). Errors name the
   * entry by position and by its key when that is a header name, never by value.
   */
  static Map<String, String> headers(String setting, String list) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] entries = list.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String where = setting + ": entry " + (i + 1) + " of " + entries.length;
      if (eq <= 0) {
        throw new VoiceLogConfigException(where + " is not key=value (values are not shown: headers carry credentials)");
      }
      String key = entry.substring(0, eq).trim();
      if (!VoiceLogOtelBuilder.isHeaderName(key)) {
        // not shown either: "x-api-key: abc=" puts the value (a key's base64 padding) after the first '='
        throw new VoiceLogConfigException(where + " does not begin with a header name before its '=' (the text is not"
            + " shown: headers carry credentials); expected key=value");
      }
      String value;
      try {
        value = URLDecoder.decode(entry.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new VoiceLogConfigException(where + " (" + key + ") has a malformed %-escape in its value"
            + " (the value is not shown: headers carry credentials)");
      }
      VoiceLogOtelBuilder.checkHeader(where, key, value);
      out.put(key, value);
    }
    return out;
  }

  /**
   * The GenAI instrumentations' switch: {@code true}, {@code SPAN_ONLY} or {@code SPAN_AND_EVENT} turn content
   * capture on; {@code false}, {@code NO_CONTENT} or {@code EVENT_ONLY} (voicelog emits no events) leave it off.
   */
  static boolean captureContent(String v) {
    switch (v.toUpperCase(Locale.ROOT)) {
      case "TRUE", "SPAN_ONLY", "SPAN_AND_EVENT":
        return true;
      case "FALSE", "NO_CONTENT", "EVENT_ONLY":
        return false;
      default:
        throw new VoiceLogConfigException(CAPTURE_CONTENT + ": \"" + v
            + "\" is not one of true, false, SPAN_ONLY, SPAN_AND_EVENT, NO_CONTENT, EVENT_ONLY");
    }
  }
}
