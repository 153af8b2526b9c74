package dev.voicelog;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that reads {@code VOICELOG_*} environment variables and maps them onto a
 * {@link VoiceLogBuilder} (the variables are documented there). A value that cannot be used is an error
 * naming the variable, the value and what was expected; an unset or empty variable keeps the default.
 */
final class EnvironmentConfig {
  static final String ENABLED = "VOICELOG_ENABLED";
  static final String DIR = "VOICELOG_DIR";
  static final String ROTATION = "VOICELOG_ROTATION";
  static final String QUEUE_CAPACITY = "VOICELOG_QUEUE_CAPACITY";
  static final String OVERFLOW = "VOICELOG_OVERFLOW";
  static final String REDACT = "VOICELOG_REDACT";
  static final String REDACT_KEY = "VOICELOG_REDACT_KEY";

  private EnvironmentConfig() {}

  static void apply(Map<String, String> env, VoiceLogBuilder b) {
    String v;
    if ((v = get(env, ENABLED)) != null) {
      b.enabled(bool(ENABLED, v));
    }
    if ((v = get(env, DIR)) != null) {
      b.directory(path(DIR, v));
    }
    if ((v = get(env, ROTATION)) != null) {
      b.rotation(choice(ROTATION, v, Rotation.class));
    }
    if ((v = get(env, QUEUE_CAPACITY)) != null) {
      b.queueCapacity(capacity(v));
    }
    if ((v = get(env, OVERFLOW)) != null) {
      b.overflow(choice(OVERFLOW, v, OverflowPolicy.class));
    }
    if ((v = get(env, REDACT)) != null) {
      b.redaction(choice(REDACT, v, Redaction.class));
    }
    if ((v = get(env, REDACT_KEY)) != null) {
      b.redactionKey(v.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean bool(String name, String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        throw invalid(name, v, "true or false");
    }
  }

  private static Path path(String name, String v) {
    try {
      if (v.equals("~") || v.startsWith("~/")) {
        return Path.of(System.getProperty("user.home"), v.substring(1).replaceFirst("^/", ""));
      }
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw invalid(name, v, "a directory path (" + e.getReason() + ")");
    }
  }

  private static int capacity(String v) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 2 || n > VoiceLogBuilder.MAX_QUEUE_CAPACITY) {
      throw invalid(QUEUE_CAPACITY, v, "a whole number of events from 2 to " + VoiceLogBuilder.MAX_QUEUE_CAPACITY);
    }
    return (int) n;
  }

  private static <E extends Enum<E>> E choice(String name, String v, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    StringBuilder expected = new StringBuilder();
    E[] all = type.getEnumConstants();
    for (int i = 0; i < all.length; i++) {
      expected.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].name().toLowerCase(Locale.ROOT));
    }
    throw invalid(name, v, expected.toString());
  }

  private static VoiceLogConfigException invalid(String name, String value, String expected) {
    return new VoiceLogConfigException(name + "=" + value + " is not valid: expected " + expected);
  }
}
