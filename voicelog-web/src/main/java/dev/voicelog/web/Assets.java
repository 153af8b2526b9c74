package dev.voicelog.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Properties;

/**
 * The page's static parts, loaded once from the classpath: the page skeleton, the app's script and style,
 * and Chart.js from its WebJar (never from a network). Each is checked once for what would break when
 * inlined into the report ({@code </script}, {@code <!--}). Immutable and thread-safe.
 */
final class Assets {
  private static final String BASE = "/dev/voicelog/web/assets/";

  static final Assets INSTANCE = load();

  final String pageTemplate;
  final String appJs;
  final String appCss;
  final String chartJs;
  final String chartJsVersion;

  private Assets(String pageTemplate, String appJs, String appCss, String chartJs, String chartJsVersion) {
    this.pageTemplate = pageTemplate;
    this.appJs = appJs;
    this.appCss = appCss;
    this.chartJs = chartJs;
    this.chartJsVersion = chartJsVersion;
  }

  private static Assets load() {
    Properties versions = new Properties();
    try (InputStream in = Assets.class.getResourceAsStream("/dev/voicelog/web/versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the voicelog-web jar");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String chartVersion = versions.getProperty("chartjs.version");
    String chart = resource("/META-INF/resources/webjars/chart.js/" + chartVersion + "/dist/chart.umd.min.js");
    chart = chart.replaceAll("(?m)^//# sourceMappingURL=.*$", "").stripTrailing() + "\n";
    return new Assets(resource(BASE + "page.html"), inlinable("app.js", resource(BASE + "app.js")),
        inlinable("app.css", resource(BASE + "app.css")), inlinable("chart.umd.min.js", chart), chartVersion);
  }

  private static String resource(String path) {
    try (InputStream in = Assets.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String inlinable(String name, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
      throw new IllegalStateException(name + " cannot be inlined into a page: it contains an HTML end tag or comment");
    }
    return text;
  }

  /** The CSP source expression of an inline block: {@code 'sha256-...'}. */
  static String cspHash(String inline) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
