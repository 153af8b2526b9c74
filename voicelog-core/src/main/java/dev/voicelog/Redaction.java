package dev.voicelog;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the logger hides of spoken text. Spoken text is personal data: {@link #TEXT} keeps every event and
 * every number but writes the words of the text fields ({@link #TEXT_FIELDS}: {@code message}, {@code text},
 * {@code transcript}, and any field named with {@link VoiceLogBuilder#redactField(String)}) as their length
 * and a short keyed hash, for example {@code "[redacted len=23 hash=9f86d081]"}. Equal texts give equal
 * hashes within one redaction key (see {@link VoiceLogBuilder#redactionKey(byte[])}), so repeated phrases
 * stay visible. Immutable and thread-safe.
 */
public enum Redaction {
  /** Text is written as given. */
  NONE,
  /** Text fields are written as length and hash, never as the words. */
  TEXT;

  /**
   * The data fields that hold spoken text: those {@link #TEXT} redacts by default, and those a reader leaves
   * out when it is told to show no transcripts (the web report's {@code --no-transcripts}). Unmodifiable.
   */
  public static final Set<String> TEXT_FIELDS = Set.of("message", "text", "transcript");

  private static final Pattern REDACTED = Pattern.compile("\\[redacted len=(\\d+) hash=([0-9a-f]{8})]");
  /** Longer lengths are not a count of chars a String can hold: not a placeholder the logger wrote. */
  private static final int MAX_LENGTH_DIGITS = 10;

  /**
   * Whether a value read from a log is the logger's redaction of some text. Readers use it to say
   * "redacted" instead of printing the placeholder. Thread-safe.
   */
  public static boolean isRedactedValue(String value) {
    return placeholder(value) != null;
  }

  /**
   * The length of the text a redaction placeholder stands for (its {@code len=N}: chars, as
   * {@link String#length()} counts them), or -1 when {@code value} is not a placeholder. Thread-safe.
   */
  public static long redactedLength(String value) {
    Matcher m = placeholder(value);
    return m == null ? -1 : Long.parseLong(m.group(1));
  }

  /**
   * The keyed hash of a redaction placeholder (its 8 hex digits), or null when {@code value} is not a
   * placeholder. Equal hashes under one key mean equal texts. Thread-safe.
   */
  public static String redactedHash(String value) {
    Matcher m = placeholder(value);
    return m == null ? null : m.group(2);
  }

  private static Matcher placeholder(String value) {
    if (value == null || !value.startsWith("[redacted ")) {
      return null;
    }
    Matcher m = REDACTED.matcher(value);
    return m.matches() && m.group(1).length() <= MAX_LENGTH_DIGITS ? m : null;
  }
}
