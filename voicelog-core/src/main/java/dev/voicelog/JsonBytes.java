package dev.voicelog;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A growable UTF-8 byte buffer with the JSON writing voicelog needs, and nothing else.
 *
 * <p>It is the one JSON writer of the logger: {@link EventBuilder} encodes an event's data with it on the
 * caller's thread and {@link LineEncoder} encodes the line around that data on the writer thread. Writing
 * strings, integers, booleans and doubles allocates nothing once the buffer has grown to its working size
 * (doubles go through a reused {@link StringBuilder}, whose {@code append(double)} does not allocate on JDK
 * 17+). Not thread-safe: each instance belongs to one thread at a time.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final int MAX_DEPTH = 64;

  byte[] buf;
  int len;
  private final StringBuilder doubles = new StringBuilder(32);

  JsonBytes(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  void reset() {
    len = 0;
  }

  private void ensure(int extra) {
    int need = len + extra;
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  void writeBytes(byte[] b) {
    writeBytes(b, 0, b.length);
  }

  void writeBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  /** Writes ASCII text that needs no escaping (field names we own, digits). */
  void writeAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  void writeLong(long v) {
    if (v == Long.MIN_VALUE) {
      writeAscii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = digitCount(v);
    int end = len + digits;
    for (int p = end - 1; p >= len; p--) {
      buf[p] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len = end;
  }

  /** Writes {@code v / 10^6} with exactly six decimals: the line's {@code t} field. */
  void writeMicrosAsSeconds(long micros) {
    if (micros < 0) {
      writeByte('-');
      micros = -micros;
    }
    writeLong(micros / 1_000_000);
    writeByte('.');
    writeFixedDigits(micros % 1_000_000, 6);
  }

  /** Writes {@code v} left-padded with zeros to {@code width} digits ({@code v} must fit). */
  void writeFixedDigits(long v, int width) {
    ensure(width);
    for (int p = len + width - 1; p >= len; p--) {
      buf[p] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len += width;
  }

  private static int digitCount(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }

  /** JSON has no NaN or infinities: those are written as {@code null}. */
  void writeDouble(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      writeBytes(NULL);
      return;
    }
    if (v == (long) v && Math.abs(v) < 1e15) {
      writeLong((long) v);
      return;
    }
    doubles.setLength(0);
    doubles.append(v);
    int n = doubles.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) doubles.charAt(i);
    }
  }

  void writeBoolean(boolean v) {
    writeBytes(v ? TRUE : FALSE);
  }

  void writeNull() {
    writeBytes(NULL);
  }

  /** Writes a quoted JSON string: RFC 8259 escapes, UTF-8, lone surrogates as U+FFFD. */
  void writeString(CharSequence s) {
    int n = s.length();
    ensure(6 * n + 2); // the worst case: every char a six-byte escape
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        buf[len++] = (byte) c;
      } else {
        i = writeSpecial(s, i, c);
      }
    }
    buf[len++] = '"';
  }

  private int writeSpecial(CharSequence s, int i, char c) {
    if (c == '"' || c == '\\') {
      buf[len++] = '\\';
      buf[len++] = (byte) c;
    } else if (c < 0x20) {
      buf[len++] = '\\';
      switch (c) {
        case '\n' -> buf[len++] = 'n';
        case '\r' -> buf[len++] = 'r';
        case '\t' -> buf[len++] = 't';
        case '\b' -> buf[len++] = 'b';
        case '\f' -> buf[len++] = 'f';
        default -> {
          buf[len++] = 'u';
          buf[len++] = '0';
          buf[len++] = '0';
          buf[len++] = HEX[c >> 4];
          buf[len++] = HEX[c & 0xF];
        }
      }
    } else if (c < 0x800) {
      buf[len++] = (byte) (0xC0 | (c >> 6));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      buf[len++] = (byte) (0xF0 | (cp >> 18));
      buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (cp & 0x3F));
      return i + 1;
    } else if (Character.isSurrogate(c)) {
      buf[len++] = (byte) 0xEF; // U+FFFD: a lone surrogate cannot be encoded as UTF-8
      buf[len++] = (byte) 0xBF;
      buf[len++] = (byte) 0xBD;
    } else {
      buf[len++] = (byte) (0xE0 | (c >> 12));
      buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    }
    return i;
  }

  /**
   * Writes any value a caller may put in an event's data: null, CharSequence, Number, Boolean, Character,
   * Enum, Map (keys by {@code String.valueOf}), Iterable, arrays; anything else as its {@code toString()}.
   * Strings under a key the redactor names are redacted at any depth, and so is every string inside such a
   * key's value (a chat message's {@code content} under {@code message}, a {@code char[]} under {@code text}).
   */
  void writeValue(Object v, Redactor redactor, String key) {
    writeValue(v, redactor, key, 0);
  }

  private void writeValue(Object v, Redactor redactor, String key, int depth) {
    if (depth > MAX_DEPTH) {
      writeString("[nested too deep]");
    } else if (v == null) {
      writeNull();
    } else if (v instanceof CharSequence cs) {
      if (redactor.redacts(key)) {
        writeString(redactor.redact(cs));
      } else {
        writeString(cs);
      }
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      writeLong(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      writeDouble(((Number) v).doubleValue());
    } else if (v instanceof Number n) {
      writeNumberText(n.toString());
    } else if (v instanceof Boolean b) {
      writeBoolean(b);
    } else if (v instanceof Map<?, ?> m) {
      writeByte('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          writeByte(',');
        }
        first = false;
        String k = String.valueOf(e.getKey());
        writeString(k);
        writeByte(':');
        writeValue(e.getValue(), redactor, redactor.redacts(key) ? key : k, depth + 1); // inside text, all is text
      }
      writeByte('}');
    } else if (v instanceof Iterable<?> it) {
      writeArray(it.iterator(), redactor, key, depth);
    } else if (v instanceof Object[] arr) {
      writeArray(Arrays.asList(arr).iterator(), redactor, key, depth);
    } else if (v instanceof char[] chars && redactor.redacts(key)) {
      writeString(redactor.redact(CharBuffer.wrap(chars)));
    } else if (v.getClass().isArray()) {
      writePrimitiveArray(v);
    } else {
      writeValue(v instanceof Enum<?> en ? en.name() : v.toString(), redactor, key, depth + 1);
    }
  }

  private void writeArray(Iterator<?> it, Redactor redactor, String key, int depth) {
    writeByte('[');
    boolean first = true;
    while (it.hasNext()) {
      if (!first) {
        writeByte(',');
      }
      first = false;
      writeValue(it.next(), redactor, key, depth + 1);
    }
    writeByte(']');
  }

  private void writePrimitiveArray(Object arr) {
    writeByte('[');
    int n = java.lang.reflect.Array.getLength(arr);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        writeByte(',');
      }
      Object e = java.lang.reflect.Array.get(arr, i);
      if (e instanceof Number num && !(e instanceof Double || e instanceof Float)) {
        writeLong(num.longValue());
      } else if (e instanceof Number num) {
        writeDouble(num.doubleValue());
      } else if (e instanceof Boolean b) {
        writeBoolean(b);
      } else {
        writeString(String.valueOf(e));
      }
    }
    writeByte(']');
  }

  /** BigDecimal, BigInteger and friends: their text is a valid JSON number unless it is not finite. */
  private void writeNumberText(String text) {
    if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      writeAscii(text);
    } else {
      writeString(text);
    }
  }
}
