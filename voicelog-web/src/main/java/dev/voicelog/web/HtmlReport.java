package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the self-contained HTML report of an analysis: one file that opens in any browser with no
 * network, holding the conversation list, each conversation's timeline, turns and waterfalls, the
 * distribution of every metric and the lines that were skipped. Script, style, Chart.js and data are
 * inlined; a Content-Security-Policy lets the page run exactly those scripts and load nothing from anywhere
 * (recordings excepted: a stereo WAV that {@code RECORDING_SAVED} names, next to the log or in its
 * {@code recordings} subdirectory, is linked by a relative path, so keep the report where it can reach them).
 *
 * <pre>{@code
 * Analysis.Result r = Analysis.conversations(paths, AnalysisOptions.defaults(), LogReader.create());
 * HtmlReport.builder().title("calls of 21 Nov").build().write(r, Path.of("report.html"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #write} blocks while it writes; it writes to a temporary file next
 * to the output and moves it into place, so a failure never leaves half a report.
 */
public final class HtmlReport {
  /** Problems listed line by line in the report; beyond that they are only counted. */
  public static final int MAX_PROBLEMS_LISTED = 1000;

  private final String title;
  private final boolean transcripts;
  private final Clock clock;
  private final Path recordings;

  private HtmlReport(Builder b) {
    this.title = b.title;
    this.transcripts = b.transcripts;
    this.clock = b.clock;
    this.recordings = b.recordings;
  }

  /** A builder with the defaults: the title {@code voicelog report}, transcripts shown, the system's UTC clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link HtmlReport}. Not thread-safe. */
  public static final class Builder {
    private String title = "voicelog report";
    private boolean transcripts = true;
    private Clock clock = Clock.systemUTC();
    private Path recordings;

    private Builder() {}

    /** The page's title (default {@code voicelog report}). */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * Whether transcripts are shown (default true). False writes none of the spoken text into the report,
     * only its length, as if the log had been redacted.
     */
    public Builder transcripts(boolean show) {
      this.transcripts = show;
      return this;
    }

    /**
     * Another directory where the logs' recordings may be (a proxy's {@code --record DIR}), or null (the
     * default) for none: they are then linked only from beside the logs and their {@code recordings}
     * subdirectory.
     */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /** The clock that stamps the report's generation time (tests fix it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The report writer; the builder may be used again. */
    public HtmlReport build() {
      return new HtmlReport(this);
    }
  }

  /**
   * Writes the report of {@code result} to {@code output}, replacing it if it is an earlier report. Any
   * other file at {@code output} is left as it is.
   *
   * @throws IOException when the output cannot be written (nothing is left at {@code output} then, or the
   *     previous file is left as it was)
   * @throws IllegalArgumentException when {@code output} is one of the analysed files, or exists and is not
   *     a voicelog report
   */
  public void write(Analysis.Result result, Path output) throws IOException {
    Path out = output.toAbsolutePath().normalize();
    for (Path f : result.files()) {
      if (Files.exists(out) && Files.isSameFile(f, out)) {
        throw new IllegalArgumentException(output + " is one of the logs being reported on; choose another output");
      }
    }
    if (Files.exists(out) && !Page.isReport(out)) {
      throw new IllegalArgumentException(output + " exists and is not a voicelog report: not replaced (remove it or "
          + "choose another output)");
    }
    Path dir = out.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
    try {
      try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
        Views.Options options = new Views.Options(transcripts, rec -> relativeLink(dir, rec, recordings));
        Page.report(w, o -> data(o, result, options.json), o -> details(o, result, options));
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void data(Writer w, Analysis.Result result, AnalysisJson json) throws IOException {
    try (JsonGenerator g = Json.generator(w)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("mode", "report");
      g.writeStringField("title", title);
      g.writeStringField("generated", LogEvent.formatTimestamp(clock.millis() * 1000));
      g.writeArrayFieldStart("sources");
      for (Path f : result.files()) {
        g.writeString(f.toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("conversations");
      for (Conversation c : result.conversations()) {
        Views.summary(g, c, json);
      }
      g.writeEndArray();
      g.writeFieldName("distributions");
      Distributions.write(g, result.conversations(), json);
      g.writeFieldName("problems");
      problems(g, json, result.problems());
      g.writeEndObject();
    }
  }

  /**
   * Every conversation's detail, in list order, gzipped and base64-encoded: at 10,000 conversations the
   * JSON is tens of MB that the browser would otherwise parse as page text before showing anything.
   */
  private static void details(Writer w, Analysis.Result result, Views.Options options) throws IOException {
    OutputStream ascii = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        w.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
          w.write(b[i]); // base64: ASCII only
        }
      }
    };
    try (OutputStream gz = new GZIPOutputStream(Base64.getEncoder().wrap(ascii), 1 << 16);
        Writer json = new OutputStreamWriter(gz, StandardCharsets.UTF_8);
        JsonGenerator g = Json.generator(json)) {
      g.writeStartArray();
      for (Conversation c : result.conversations()) {
        Views.detail(g, c, options);
      }
      g.writeEndArray();
    }
  }

  /** {@code {"count":N,"kinds":{...},"items":[first MAX_PROBLEMS_LISTED]}}. */
  static void problems(JsonGenerator g, AnalysisJson json, List<Problem> problems) throws IOException {
    Map<Problem.Kind, Long> kinds = new EnumMap<>(Problem.Kind.class);
    for (Problem p : problems) {
      kinds.merge(p.kind(), 1L, Long::sum);
    }
    List<Problem> listed = problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED));
    problems(g, json, problems.size(), kinds, listed, new LineExcerpts().of(listed));
  }

  /**
   * The problems object of the report and of {@code /api/problems}, with the text of the listed lines, except
   * when transcripts are hidden: a skipped line's text may hold spoken words, so then only where and why.
   */
  static void problems(JsonGenerator g, AnalysisJson json, long count, Map<Problem.Kind, Long> kinds,
      List<Problem> listed, Map<Problem, String> lines) throws IOException {
    if (!json.transcripts()) {
      lines = Map.of();
    }
    g.writeStartObject();
    g.writeNumberField("count", count);
    g.writeObjectFieldStart("kinds");
    for (Map.Entry<Problem.Kind, Long> k : kinds.entrySet()) {
      g.writeNumberField(AnalysisJson.name(k.getKey()), k.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("items");
    for (Problem p : listed) {
      Views.problem(g, json, p, lines.get(p));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A relative URL from the report's directory to the recording, when the file is there to link to. */
  private static String relativeLink(Path reportDir, Recordings.Recording rec, Path recordings) {
    Path file = Recordings.resolve(rec.logDirectory(), recordings, rec.name());
    if (file == null) {
      return null;
    }
    Path rel;
    try {
      rel = reportDir.toRealPath().relativize(file);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (Path p : rel) {
      parts.add(p.toString());
    }
    try {
      // "./" first: a first segment with a colon must not read as a URL scheme.
      return "./" + new URI(null, null, String.join("/", parts), null).getRawPath();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
