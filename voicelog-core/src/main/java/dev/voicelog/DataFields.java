package dev.voicelog;

import java.util.Arrays;

/**
 * The top-level fields of one event's data while {@link EventBuilder} encodes them into its buffer: where
 * each one begins, so that a key put again replaces its value where it stands. So an event's data keeps a
 * {@code Map}'s rule: the last value wins, written once, where the key was first put (a line with a key
 * twice is read differently by different JSON readers: Jackson keeps the last value, others the first,
 * some refuse the line). Two keys are the same when they are written the same: {@code null} is the key
 * {@code "null"}.
 *
 * <p><b>Cost, on the caller's thread.</b> A key put for the first time costs, besides writing it, a test
 * of a 64-bit mask of the keys put so far (one bit per key, from its hash, which a {@code String} caches)
 * and one {@code int} store: where the field begins. Keys are compared only when the mask says the key may
 * have been put already: it was, or another key shares its bit (for an event of eight fields, about one
 * key in eight). Then the key just written is compared, byte by byte, with the key at the start of each
 * field before it (a written key ends with its closing quote and colon, so no other key begins with it);
 * an event of very many fields (when its mask is full, from about 40) pays that at each key. A key put
 * again costs that and a move of the bytes after its old value. Nothing is allocated once the array has
 * grown to the most fields an event of this thread has had and, for keys put again, once the scratch
 * array has grown to the longest value that replaced another.
 *
 * <p>Not thread-safe: it belongs to its builder, and so to one thread at a time.
 */
final class DataFields {
  private static final int INITIAL_FIELDS = 16;

  private final JsonBytes data;
  /** Where each field begins in the buffer: at its comma, or at its key for the first. */
  private int[] starts = new int[INITIAL_FIELDS];
  private int count;
  /** One bit per key put (see {@link #bit}): a key whose bit is clear was not put before. */
  private long seen;
  /** For a key put again: where the buffer ended before its new value was written there. */
  private int replacementStart;
  /** For a key put again: where its old value begins. */
  private int replacedValueStart;
  private byte[] scratch = new byte[0];

  DataFields(JsonBytes data) {
    this.data = data;
  }

  /** No fields: for the next event. */
  void reset() {
    count = 0;
    seen = 0;
  }

  /**
   * Before a field's value is written: writes its key (after a comma unless it is the first) and returns
   * -1, or, for a key put already in this event, takes it back and returns that field's index. Pass the
   * result to {@link #end} once the value is written after it.
   */
  int begin(String key) {
    String k = key == null ? "null" : key;
    long bit = bit(k.hashCode());
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
    }
    int start = data.len;
    starts[count] = start;
    if (count > 0) {
      data.writeByte(',');
    }
    int keyStart = data.len;
    data.writeString(k);
    data.writeByte(':');
    if ((seen & bit) != 0) {
      int earlier = earlierWithKeyAt(keyStart);
      if (earlier >= 0) {
        replacedValueStart = keyStart(earlier) + (data.len - keyStart);
        data.len = start;
        replacementStart = start;
        return earlier;
      }
    }
    seen |= bit;
    count++;
    return -1;
  }

  /** After the value: for a key put again ({@code field >= 0}), the value just written replaces its old one. */
  void end(int field) {
    if (field >= 0) {
      replaceValue(field);
    }
  }

  /** One of 64 bits, from the hash spread as {@code HashMap} spreads it (a shift takes its low six bits). */
  private static long bit(int hash) {
    return 1L << (hash ^ (hash >>> 16));
  }

  /** The field whose key is written as the one from {@code keyStart} to the end of the buffer, or -1. */
  private int earlierWithKeyAt(int keyStart) {
    byte[] buf = data.buf;
    int length = data.len - keyStart;
    for (int i = 0; i < count; i++) {
      int at = keyStart(i);
      int j = 0;
      while (j < length && buf[at + j] == buf[keyStart + j]) {
        j++;
      }
      if (j == length) {
        return i;
      }
    }
    return -1;
  }

  /** Where the key of {@code field} begins: after its comma. */
  private int keyStart(int field) {
    return field == 0 ? starts[0] : starts[field] + 1;
  }

  /**
   * The buffer ends with the new value of {@code field}, written after the last field: it takes the place
   * of the old value, and the fields after that move by the difference in length.
   */
  private void replaceValue(int field) {
    int end = replacementStart;
    int newLength = data.len - end;
    int oldStart = replacedValueStart;
    int oldEnd = field + 1 < count ? starts[field + 1] : end;
    int shift = newLength - (oldEnd - oldStart);
    byte[] buf = data.buf;
    if (scratch.length < newLength) {
      scratch = new byte[Math.max(newLength, 2 * scratch.length)];
    }
    System.arraycopy(buf, end, scratch, 0, newLength);
    System.arraycopy(buf, oldEnd, buf, oldEnd + shift, end - oldEnd); // within the buffer: end + shift <= len
    System.arraycopy(scratch, 0, buf, oldStart, newLength);
    data.len = end + shift;
    for (int i = field + 1; i < count; i++) {
      starts[i] += shift;
    }
  }
}
