package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON generator every page and endpoint writes with (what it writes is voicelog-core's
 * {@code AnalysisJson} and {@link Views}).
 *
 * <p><b>Safe inside HTML.</b> {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are always written as
 * {@code \\u} escapes, so a log string such as {@code </script><script>alert(1)</script>} cannot end the
 * {@code <script type="application/json">} block the report embeds its data in, and the same bytes are
 * valid JSON for {@code JSON.parse}. Non-ASCII text is otherwise written as UTF-8.
 *
 * <p>Thread-safe (the factory is shared; generators are per call).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new HtmlSafe());

  private Json() {}

  /** Something that writes one JSON value. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** The value {@code w} writes, as a string. */
  static String write(Writer w) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** A generator over {@code out} with the same escaping (the caller closes it). */
  static JsonGenerator generator(java.io.Writer out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  /** Escapes what could end a script block or an HTML comment, and the two JavaScript line terminators. */
  private static final class HtmlSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
    private final int[] escapes;

    HtmlSafe() {
      int[] esc = CharacterEscapes.standardAsciiEscapesForJSON();
      esc['<'] = CharacterEscapes.ESCAPE_STANDARD;
      esc['>'] = CharacterEscapes.ESCAPE_STANDARD;
      esc['&'] = CharacterEscapes.ESCAPE_STANDARD;
      this.escapes = esc;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028) {
        return LINE_SEPARATOR;
      }
      if (ch == 0x2029) {
        return PARAGRAPH_SEPARATOR;
      }
      return null;
    }
  }
}
