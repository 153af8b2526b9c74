package dev.voicelog.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one HTML page, in its two forms: served by the dashboard (assets by URL, the policy in a header) and
 * written as the self-contained report (script, style, Chart.js and data inlined, the policy in a meta tag
 * that allows exactly those inline blocks by hash). Stateless and thread-safe.
 */
final class Page {
  /**
   * The dashboard's Content-Security-Policy: nothing but its own scripts, styles, API and recordings; no
   * inline script or style, no frames, no forms, no plugins.
   */
  static final String SERVED_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String REPORT_POLICY;
  /** Where a report's data begins; {@link #isReport} looks for it. */
  private static final String DATA_BLOCK = "<script type=\"application/json\" id=\"voicelog-data\">";
  /** A report's data begins after its style (some 13 KB today): far within this many of its first bytes. */
  private static final int REPORT_SNIFF_BYTES = 1 << 20;
  private static final String[] TEMPLATE;

  static {
    Assets a = Assets.INSTANCE;
    // The report may load nothing from anywhere, and run only its own two inline scripts. Recordings (next
    // to the logs, or in their recordings/ folder) are local files (file:), referenced by relative URL.
    REPORT_POLICY = "default-src 'none'; script-src " + Assets.cspHash(a.chartJs) + " " + Assets.cspHash(a.appJs)
        + "; style-src " + Assets.cspHash(a.appCss) + "; img-src data:; media-src file:; base-uri 'none'; form-action 'none'";
    TEMPLATE = a.pageTemplate.split("\\{\\{(?:HEAD|STYLE|DATA|SCRIPTS)}}", -1);
    if (TEMPLATE.length != 5) {
      throw new IllegalStateException("page.html must have {{HEAD}}, {{STYLE}}, {{DATA}} and {{SCRIPTS}} once each");
    }
  }

  private Page() {}

  /**
   * Whether {@code file} is a report this class wrote (now or in an earlier version): an HTML page whose data
   * block begins within its first megabyte. A file that cannot be read is not one.
   */
  static boolean isReport(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      String head = new String(in.readNBytes(REPORT_SNIFF_BYTES), StandardCharsets.UTF_8);
      return head.startsWith(TEMPLATE[0].substring(0, TEMPLATE[0].indexOf('\n'))) && head.contains(DATA_BLOCK);
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes a JSON value into the page. */
  @FunctionalInterface
  interface Data {
    void write(Writer out) throws IOException;
  }

  /** The dashboard's page: assets by URL (relative, so a reverse proxy may mount it under any path). */
  static String served() {
    return TEMPLATE[0] + TEMPLATE[1]
        + "<link rel=\"stylesheet\" href=\"assets/app.css\">" + TEMPLATE[2] + TEMPLATE[3]
        + "<script src=\"assets/chart.umd.min.js\"></script>\n<script src=\"assets/app.js\"></script>" + TEMPLATE[4];
  }

  /**
   * Writes the self-contained report: {@code data} as a JSON block (see {@link Json}: it cannot end its
   * script element), {@code details} as the base64 of its gzip (letters, digits, {@code + / =} only), which
   * the page inflates with the browser's {@code DecompressionStream} when a conversation is first opened.
   */
  static void report(Writer out, Data data, Data details) throws IOException {
    Assets a = Assets.INSTANCE;
    out.write(TEMPLATE[0]);
    out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + REPORT_POLICY + "\">");
    out.write(TEMPLATE[1]);
    out.write("<style>");
    out.write(a.appCss);
    out.write("</style>");
    out.write(TEMPLATE[2]);
    out.write(DATA_BLOCK);
    data.write(out);
    out.write("</script>\n<script type=\"application/octet-stream\" id=\"voicelog-details\" data-encoding=\"gzip+base64\">");
    details.write(out);
    out.write("</script>");
    out.write(TEMPLATE[3]);
    out.write("<script>");
    out.write(a.chartJs);
    out.write("</script>\n<script>");
    out.write(a.appJs);
    out.write("</script>");
    out.write(TEMPLATE[4]);
  }
}
