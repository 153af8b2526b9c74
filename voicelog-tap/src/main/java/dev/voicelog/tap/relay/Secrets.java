package dev.voicelog.tap.relay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of one connection, and the one place that removes them from anything a tap writes: log
 * lines, console output, error messages, close reasons. A client's credentials travel in the
 * {@code Authorization} header (and other key-bearing headers), in a WebSocket subprotocol
 * ({@code openai-insecure-api-key.<key>}) or in the query ({@code api_key=}); each value seen there is
 * remembered and replaced by {@value #MASK} wherever it shows up later, and strings that look like OpenAI
 * keys ({@code sk-...}, ephemeral {@code ek_...}) or bearer tokens are masked even when never seen.
 *
 * <p><b>Thread safety.</b> Thread-safe; secrets may be added while other threads scrub.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "[secret]";
  /** Shorter values are not treated as secrets: masking "a" would mangle every line. */
  static final int MIN_LENGTH = 6;
  private static final Pattern KEY_LIKE =
      Pattern.compile("\\b(?:sk|ek|rk)[-_][A-Za-z0-9_\\-]{8,}|(?i:bearer)\\s+[A-Za-z0-9._~+/=\\-]{6,}");
  private static final String BEARER = "bearer";
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
      "api-key", "x-api-key", "openai-api-key", "x-goog-api-key");
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|token|secret|auth|password|signature|sig).*");
  private static final Pattern SECRET_SUBPROTOCOL = Pattern.compile("(?i)^(.*(?:api-key|token|secret)[^.]*\\.)(.+)$");

  /** The user info of a URI ({@code ws://user:pass@}) or of a {@code user:pass@host:port}. */
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#@\\s]*@");

  private final List<String> values = new CopyOnWriteArrayList<>();

  /** A new, empty set of secrets. */
  public Secrets() {}

  /** Remembers a secret value (and, for {@code Bearer x} / {@code Basic x}, the token alone). */
  public void add(String value) {
    if (value == null) {
      return;
    }
    String v = value.strip();
    if (v.length() >= MIN_LENGTH && !values.contains(v)) {
      values.add(v);
      values.sort(Comparator.comparingInt(String::length).reversed());
    }
    int space = v.indexOf(' ');
    if (space > 0) {
      add(v.substring(space + 1));
    }
  }

  /** Whether a header's value is a credential (Authorization, Cookie, api-key and the like). */
  public static boolean isSecretHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return SECRET_HEADERS.contains(n) || SECRET_NAME.matcher(n).matches();
  }

  /** Whether a query parameter's value is a credential ({@code api_key}, {@code token}, ...). */
  public static boolean isSecretParameter(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** Remembers the key carried by a subprotocol such as {@code openai-insecure-api-key.<key>}, if any. */
  public void addFromSubprotocol(String subprotocol) {
    var m = SECRET_SUBPROTOCOL.matcher(subprotocol);
    if (m.matches()) {
      add(m.group(2));
    }
  }

  /** The subprotocol as it may be written: {@code openai-insecure-api-key.[secret]}. */
  public static String describeSubprotocol(String subprotocol) {
    var m = SECRET_SUBPROTOCOL.matcher(subprotocol);
    return m.matches() ? m.group(1) + MASK : subprotocol;
  }

  /** Remembers the values of a raw query's secret parameters. */
  public void addFromQuery(String rawQuery) {
    for (String[] p : parameters(rawQuery)) {
      if (isSecretParameter(p[0])) {
        add(p[1]);
        add(java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  /** A raw query with the values of secret parameters masked (null stays null). */
  public String describeQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String[] p : parameters(rawQuery)) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]);
      if (p[1] != null) {
        out.append('=').append(isSecretParameter(p[0]) ? MASK : p[1]);
      }
    }
    return scrub(out.toString());
  }

  private static List<String[]> parameters(String rawQuery) {
    List<String[]> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      out.add(eq < 0 ? new String[] {part, null} : new String[] {part.substring(0, eq), part.substring(eq + 1)});
    }
    return out;
  }

  /** A URI as it may be written: no user info, secret query values masked. */
  public String describeUri(java.net.URI uri) {
    String q = describeQuery(uri.getRawQuery());
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return scrub(uri.getScheme() + "://" + uri.getHost() + port + path + (q == null ? "" : "?" + q));
  }

  /**
   * A value the user gave (an option such as {@code --upstream}, well-formed or not) as an error message may
   * quote it: user info, the values of secret query parameters and key-like strings masked. For values no
   * URI parser accepts too: it works on the text.
   */
  public static String describeGiven(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    String v = USER_INFO.matcher(value).replaceFirst("$1" + Matcher.quoteReplacement(MASK) + "@");
    int q = v.indexOf('?');
    if (q >= 0) {
      int hash = v.indexOf('#', q);
      int end = hash < 0 ? v.length() : hash;
      v = v.substring(0, q + 1) + new Secrets().describeQuery(v.substring(q + 1, end)) + v.substring(end);
    }
    return new Secrets().scrub(v);
  }

  /** Whether {@code text} contains anything this would mask. */
  public boolean containsSecret(String text) {
    if (text == null) {
      return false;
    }
    for (String v : values) {
      if (text.contains(v)) {
        return true;
      }
    }
    return mayHoldKeyLike(text) && KEY_LIKE.matcher(text).find();
  }

  /** {@code text} with every known secret and every key-like string replaced by {@value #MASK}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, MASK);
      }
    }
    if (mayHoldKeyLike(out)) {
      out = KEY_LIKE.matcher(out).replaceAll(MASK);
    }
    return out;
  }

  /**
   * Whether {@code text} may hold a {@link #KEY_LIKE} string: the test before the regex. The regex scans
   * a 1.3 KB audio message in 15-22 µs here whatever it finds, and the Realtime proxy checks every
   * message: it was a third of the proxy's CPU (BENCHMARKS.md); this test, a few string searches, takes
   * about 1 µs. Every match of the regex has a {@code k-}, a {@code k_} or a {@code bearer} in some case;
   * base64 audio has no {@code -} or {@code _} (they are not in its alphabet) and all but never spells
   * {@code bearer}.
   */
  static boolean mayHoldKeyLike(String text) {
    if (text.contains("k-") || text.contains("k_")) {
      return true;
    }
    return hasBearerAt(text, 'b') || hasBearerAt(text, 'B');
  }

  /** Whether {@link #BEARER}, in any case, starts at some {@code first} in {@code text} (String.indexOf scans fast). */
  private static boolean hasBearerAt(String text, char first) {
    for (int i = text.indexOf(first); i >= 0; i = text.indexOf(first, i + 1)) {
      if (text.regionMatches(true, i, BEARER, 0, BEARER.length())) {
        return true;
      }
    }
    return false;
  }
}
