package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.voicelog.read.Durations;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The JSON every page and endpoint uses, written with jackson-core's streaming generator.
 *
 * <p><b>Safe inside HTML.</b> {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are always written as
 * {@code \\u} escapes, so a log string such as {@code </script><script>alert(1)</script>} cannot end the
 * {@code <script type="application/json">} block the report embeds its data in, and the same bytes are
 * valid JSON for {@code JSON.parse}. Non-ASCII text is otherwise written as UTF-8.
 *
 * <p><b>Units.</b> Durations and times are seconds with six decimals, written exactly from whole
 * microseconds ({@link #seconds}); timestamps are UTC ISO-8601 with microseconds.
 *
 * <p>Thread-safe (the factory is shared; generators are per call).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new HtmlSafe());
  private static final DateTimeFormatter UTC_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

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

  /** Whole microseconds as exact seconds: {@code 812000} as {@code 0.812000}. */
  static void seconds(JsonGenerator g, long micros) throws IOException {
    g.writeNumber(Durations.seconds(micros));
  }

  /** A fractional number of microseconds (an interpolated percentile, a mean) as seconds, to the microsecond. */
  static void seconds(JsonGenerator g, double micros) throws IOException {
    g.writeNumber(Durations.seconds(Math.round(micros)));
  }

  /** A field of whole microseconds as exact seconds. */
  static void seconds(JsonGenerator g, String field, long micros) throws IOException {
    g.writeFieldName(field);
    seconds(g, micros);
  }

  /** A field of fractional microseconds as seconds, to the microsecond. */
  static void seconds(JsonGenerator g, String field, double micros) throws IOException {
    g.writeFieldName(field);
    seconds(g, micros);
  }

  /** Writes one item of an array. */
  @FunctionalInterface
  interface ItemWriter<T> {
    void write(JsonGenerator g, T item) throws IOException;
  }

  /** A field holding an array of {@code items}, each written by {@code w}. */
  static <T> void array(JsonGenerator g, String field, Iterable<T> items, ItemWriter<T> w) throws IOException {
    g.writeArrayFieldStart(field);
    for (T item : items) {
      w.write(g, item);
    }
    g.writeEndArray();
  }

  /** Epoch microseconds as {@code 2026-11-21T15:30:45.123456Z}. */
  static String timestamp(long epochMicros) {
    return UTC_MICROS.format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1_000L));
  }

  /** Any plain value read from a log (maps, lists, strings, numbers, booleans, null). */
  static void any(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        any(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        any(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeNull();
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof Long || v instanceof Integer) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.toString());
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  /** Escapes what could end a script block or an HTML comment, and the two JavaScript line terminators. */
  private static final class HtmlSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
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
        return new com.fasterxml.jackson.core.io.SerializedString("\\u2028");
      }
      if (ch == 0x2029) {
        return new com.fasterxml.jackson.core.io.SerializedString("\\u2029");
      }
      return null;
    }
  }
}
