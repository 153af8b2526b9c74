package dev.voicelog.otel;

import dev.voicelog.VoiceLogConfigException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * An OTLP/HTTP base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} means it: traces go to {@code base/v1/traces},
 * metrics to {@code base/v1/metrics}. A URL already ending in one of those paths is taken as its base, so a
 * signal URL pasted by mistake still works. Immutable and thread-safe.
 */
final class OtlpEndpoint {
  static final String TRACES_PATH = "/v1/traces";
  static final String METRICS_PATH = "/v1/metrics";

  private final String base;
  private final String display;

  private OtlpEndpoint(String base, String display) {
    this.base = base;
    this.display = display;
  }

  /**
   * @param setting names the setting in the error ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code endpoint})
   * @throws VoiceLogConfigException when the text is not an http or https URL with a host
   */
  static OtlpEndpoint parse(String setting, String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new VoiceLogConfigException(setting + ": not a URL (" + e.getReason() + " at index " + e.getIndex()
          + "); expected http://host:4318 or https://host");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
      throw new VoiceLogConfigException(setting + ": " + displayOf(uri) + " is not an http or https URL with a host;"
          + " expected http://host:4318 or https://host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new VoiceLogConfigException(setting + ": \"" + displayOf(uri)
          + "\" has a query or fragment; expected a base URL such as http://host:4318 (OTLP paths are added to it)");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String signal : new String[] {TRACES_PATH, METRICS_PATH}) {
      if (path.endsWith(signal)) {
        path = path.substring(0, path.length() - signal.length());
      }
    }
    String authority = uri.getRawAuthority();
    String base = scheme + "://" + authority + path;
    return new OtlpEndpoint(base, displayOf(uri));
  }

  /** Where traces go. */
  String traces() {
    return base + TRACES_PATH;
  }

  /** Where metrics go. */
  String metrics() {
    return base + METRICS_PATH;
  }

  /** The URL without any credentials it may carry ({@code user:password@}), for messages. */
  @Override
  public String toString() {
    return display;
  }

  private static String displayOf(URI uri) {
    if (uri.getHost() == null) {
      // Not shown even when it looks like a host name: a key pasted into the wrong variable looks like one too.
      return uri.getScheme() == null ? "(a value with no scheme, not shown)" : uri.getScheme() + ":...";
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
