package dev.voicelog.read;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader over a slice of a byte array: the one JSON parser of the reading side.
 *
 * <p><b>Why not Jackson here.</b> The scan of a log is the hot path of every analysis: a line's top-level
 * fields are read in one pass and its {@code data} object is only <em>validated and skipped</em>
 * ({@link #skipValue()}), its bytes kept for {@link #readValue()} to decode on demand. That costs a fraction
 * of building a parser per line, and the same grammar checks run either way, so a line is judged malformed
 * by one rule (RFC 8259: strings without raw control characters and with valid escapes, numbers in JSON's
 * syntax, {@code true}/{@code false}/{@code null}, nesting at most {@value #MAX_DEPTH} deep).
 *
 * <p>Bytes above 0x7F inside strings are passed through; decoding turns invalid UTF-8 into U+FFFD rather
 * than failing, because one bad byte in a transcript must not cost the event. Not thread-safe: one
 * instance per reading thread.
 */
final class JsonScanner {
  static final int MAX_DEPTH = 256;

  private byte[] b;
  private int pos;
  private int end;
  private int start;
  private final StringBuilder chars = new StringBuilder(64);

  /** A grammar error: the message says what was expected and at which column (1-based). */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  void reset(byte[] bytes, int off, int limit) {
    b = bytes;
    pos = off;
    start = off;
    end = limit;
  }

  int position() {
    return pos;
  }

  SyntaxError error(String expected) {
    String found = pos >= end ? "end of line" : describe(b[pos]);
    return new SyntaxError("expected " + expected + " at column " + (pos - start + 1) + ", found " + found);
  }

  private static String describe(byte c) {
    if (c >= 0x20 && c < 0x7F) {
      return "'" + (char) c + "'";
    }
    return String.format("byte 0x%02x", c & 0xFF);
  }

  void skipWhitespace() {
    while (pos < end) {
      byte c = b[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else {
        return;
      }
    }
  }

  boolean atEnd() {
    skipWhitespace();
    return pos >= end;
  }

  /** Consumes {@code c} (after whitespace) if it is next. */
  boolean consume(char c) {
    skipWhitespace();
    if (pos < end && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c, String what) throws SyntaxError {
    if (!consume(c)) {
      throw error(what);
    }
  }

  /** The next significant byte without consuming it, or -1 at the end. */
  int peek() {
    skipWhitespace();
    return pos < end ? b[pos] : -1;
  }

  // ------------------------------------------------------------------ strings

  /**
   * Consumes a string and returns the offset just after its opening quote; the content ends at
   * {@link #position()} - 1. Returns {@code -(offset) - 1} when the string holds escapes (decode it with
   * {@link #decodeString(int, int, boolean)}).
   */
  int scanString() throws SyntaxError {
    skipWhitespace();
    if (pos >= end || b[pos] != '"') {
      throw error("a string");
    }
    int contentStart = ++pos;
    boolean escaped = false;
    while (pos < end) {
      byte c = b[pos];
      if (c == '"') {
        pos++;
        return escaped ? -contentStart - 1 : contentStart;
      }
      if (c == '\\') {
        escaped = true;
        pos++;
        if (pos >= end) {
          break;
        }
        byte e = b[pos];
        if (e == 'u') {
          for (int i = 1; i <= 4; i++) {
            if (pos + i >= end || hex(b[pos + i]) < 0) {
              pos += i;
              throw error("four hex digits after \\u");
            }
          }
          pos += 5;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          pos++;
        } else {
          throw error("a valid escape after '\\'");
        }
      } else if ((c & 0xFF) < 0x20) {
        throw error("a closing quote (raw control characters are not allowed in strings)");
      } else {
        pos++;
      }
    }
    throw error("a closing quote");
  }

  /** Reads a string value and decodes it. */
  String readString() throws SyntaxError {
    int s = scanString();
    boolean escaped = s < 0;
    int from = escaped ? -s - 1 : s;
    return decodeString(from, pos - 1, escaped);
  }

  /** Whether the string just scanned (content {@code [from, to)}) equals the ASCII {@code literal}. */
  boolean contentEquals(int from, int to, String literal) {
    int n = literal.length();
    if (to - from != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[from + i] != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  byte[] bytes() {
    return b;
  }

  String decodeString(int from, int to, boolean escaped) {
    if (!escaped) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    chars.setLength(0);
    int runStart = from;
    int i = from;
    while (i < to) {
      if (b[i] != '\\') {
        i++;
        continue;
      }
      if (i > runStart) {
        chars.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
      }
      byte e = b[i + 1];
      switch (e) {
        case 'n' -> chars.append('\n');
        case 't' -> chars.append('\t');
        case 'r' -> chars.append('\r');
        case 'b' -> chars.append('\b');
        case 'f' -> chars.append('\f');
        case 'u' -> chars.append((char) ((hex(b[i + 2]) << 12) | (hex(b[i + 3]) << 8) | (hex(b[i + 4]) << 4) | hex(b[i + 5])));
        default -> chars.append((char) e); // '"', '\\', '/'
      }
      i += e == 'u' ? 6 : 2;
      runStart = i;
    }
    if (to > runStart) {
      chars.append(new String(b, runStart, to - runStart, StandardCharsets.UTF_8));
    }
    return chars.toString();
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  // ------------------------------------------------------------------ numbers

  /** Consumes a number and returns its start offset; it ends at {@link #position()}. */
  int scanNumber() throws SyntaxError {
    skipWhitespace();
    int s = pos;
    if (pos < end && b[pos] == '-') {
      pos++;
    }
    if (pos >= end || !digit(b[pos])) {
      throw error("a number");
    }
    if (b[pos] == '0') {
      pos++;
    } else {
      while (pos < end && digit(b[pos])) {
        pos++;
      }
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      if (pos >= end || !digit(b[pos])) {
        throw error("a digit after the decimal point");
      }
      while (pos < end && digit(b[pos])) {
        pos++;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (pos >= end || !digit(b[pos])) {
        throw error("a digit in the exponent");
      }
      while (pos < end && digit(b[pos])) {
        pos++;
      }
    }
    return s;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Reads a number of seconds as whole microseconds, exactly (no binary floating point): {@code 12.345678}
   * is 12345678. More than six decimals are rounded half-even.
   *
   * @throws SyntaxError also when the value does not fit in a long of microseconds
   */
  long readMicros() throws SyntaxError {
    int s = scanNumber();
    int e = pos;
    // Fast path: -?digits(.digits)? with at most 12 integer digits and 6 decimals.
    int i = s;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long whole = 0;
    int intDigits = 0;
    while (i < e && digit(b[i])) {
      whole = whole * 10 + (b[i] - '0');
      i++;
      intDigits++;
    }
    if (intDigits <= 12) {
      long frac = 0;
      int fracDigits = 0;
      boolean simple = true;
      if (i < e && b[i] == '.') {
        i++;
        while (i < e && digit(b[i]) && fracDigits < 6) {
          frac = frac * 10 + (b[i] - '0');
          i++;
          fracDigits++;
        }
        simple = i == e;
      } else {
        simple = i == e;
      }
      if (simple) {
        for (int k = fracDigits; k < 6; k++) {
          frac *= 10;
        }
        long micros = whole * 1_000_000L + frac;
        return negative ? -micros : micros;
      }
    }
    try {
      BigDecimal d = new BigDecimal(new String(b, s, e - s, StandardCharsets.US_ASCII)).scaleByPowerOfTen(6);
      // Judge the magnitude before rounding: setScale (and movePointRight) on 1e99999999 computes 10^99999999.
      long integerDigits = (long) d.precision() - d.scale();
      if (integerDigits > 19) {
        throw new ArithmeticException("too large");
      }
      if (integerDigits < -1) {
        return 0; // below a tenth of a microsecond: rounds to zero
      }
      return d.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      pos = s;
      throw error("a number of seconds within range");
    }
  }

  /** Reads an integer number (no fraction, no exponent) that fits in a long. */
  long readLong(String what) throws SyntaxError {
    int s = scanNumber();
    int e = pos;
    int i = s;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    if (e - i > 18) {
      pos = s;
      throw error(what);
    }
    long v = 0;
    for (; i < e; i++) {
      if (!digit(b[i])) {
        pos = s;
        throw error(what);
      }
      v = v * 10 + (b[i] - '0');
    }
    return negative ? -v : v;
  }

  private Object numberValue(int s, int e) {
    boolean integral = true;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '.' || c == 'e' || c == 'E') {
        integral = false;
        break;
      }
    }
    String text = new String(b, s, e - s, StandardCharsets.US_ASCII);
    if (integral) {
      if (e - s <= 18) {
        return Long.parseLong(text);
      }
      BigInteger big = new BigInteger(text);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    return Double.parseDouble(text);
  }

  // ------------------------------------------------------------------ any value

  /** Consumes one value of any kind, checking its grammar. */
  void skipValue() throws SyntaxError {
    skipValue(0);
  }

  private void skipValue(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw error("nesting no deeper than " + MAX_DEPTH);
    }
    int c = peek();
    switch (c) {
      case '"' -> scanString();
      case '{' -> {
        pos++;
        if (consume('}')) {
          return;
        }
        do {
          scanString();
          expect(':', "':'");
          skipValue(depth + 1);
        } while (consume(','));
        expect('}', "',' or '}'");
      }
      case '[' -> {
        pos++;
        if (consume(']')) {
          return;
        }
        do {
          skipValue(depth + 1);
        } while (consume(','));
        expect(']', "',' or ']'");
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> scanNumber();
    }
  }

  private void literal(String word) throws SyntaxError {
    int n = word.length();
    if (end - pos < n) {
      throw error("a value");
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw error("a value");
      }
    }
    pos += n;
  }

  /**
   * Reads one value as plain Java: {@code Map<String,Object>} (insertion-ordered, unmodifiable),
   * {@code List<Object>} (unmodifiable), {@code String}, {@code Long} (or {@code BigInteger} beyond a long),
   * {@code Double}, {@code Boolean}, or {@code null}. Duplicate keys: the last one wins, as in most parsers.
   */
  Object readValue() throws SyntaxError {
    return readValue(0);
  }

  private Object readValue(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw error("nesting no deeper than " + MAX_DEPTH);
    }
    int c = peek();
    switch (c) {
      case '"':
        return readString();
      case '{': {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        if (!consume('}')) {
          do {
            String key = readString();
            expect(':', "':'");
            m.put(key, readValue(depth + 1));
          } while (consume(','));
          expect('}', "',' or '}'");
        }
        return Collections.unmodifiableMap(m);
      }
      case '[': {
        pos++;
        List<Object> l = new ArrayList<>();
        if (!consume(']')) {
          do {
            l.add(readValue(depth + 1));
          } while (consume(','));
          expect(']', "',' or ']'");
        }
        return Collections.unmodifiableList(l);
      }
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default: {
        int s = scanNumber();
        return numberValue(s, pos);
      }
    }
  }
}
