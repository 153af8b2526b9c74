package dev.voicelog.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the command's JSON is written (the objects themselves are voicelog-core's
 * {@code dev.voicelog.analysis.json.AnalysisJson}; the schema is docs/cli-json.md): a document, indented by
 * two spaces with one member per line and ending in a newline, or one line of JSON lines. Thread-safe.
 */
final class JsonOutput {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");

  private JsonOutput() {}

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The first fields of a command's document: {@code schema} and the {@code files} read. */
  static void head(JsonGenerator g, String schema, List<Path> files) throws IOException {
    g.writeStringField("schema", schema);
    g.writeArrayFieldStart("files");
    for (Path f : files) {
      g.writeString(f.toString());
    }
    g.writeEndArray();
  }

  /** A whole document, indented, with a final newline. */
  static String document(Body body) {
    return write(body, pretty()) + "\n";
  }

  /** One line of JSON lines, without its newline. */
  static String line(Body body) {
    return write(body, null);
  }

  private static String write(Body body, PrettyPrinter printer) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(printer);
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** {@code "key": value}, one member per line, {@code []} and {@code {}} when empty. */
  private static PrettyPrinter pretty() {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators).withObjectIndenter(INDENT).withArrayIndenter(INDENT);
  }
}
