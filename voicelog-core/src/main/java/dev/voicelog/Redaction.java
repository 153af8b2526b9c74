package dev.voicelog;

import java.util.regex.Pattern;

/**
 * What the logger hides of spoken text. Spoken text is personal data: {@link #TEXT} keeps every event and
 * every number but writes the words of the text fields ({@code message}, {@code text}, {@code transcript}
 * and any field named with {@link VoiceLogBuilder#redactField(String)}) as their length and a short keyed
 * hash, for example {@code "[redacted len=23 hash=9f86d081]"}. Equal texts give equal hashes within one
 * redaction key (see {@link VoiceLogBuilder#redactionKey(byte[])}), so repeated phrases stay visible.
 */
public enum Redaction {
  /** Text is written as given. */
  NONE,
  /** Text fields are written as length and hash, never as the words. */
  TEXT;

  private static final Pattern REDACTED = Pattern.compile("\\[redacted len=\\d+ hash=[0-9a-f]{8}]");

  /**
   * Whether a value read from a log is the logger's redaction of some text. Readers use it to say
   * "redacted" instead of printing the placeholder. Thread-safe.
   */
  public static boolean isRedactedValue(String value) {
    return value != null && value.startsWith("[redacted ") && REDACTED.matcher(value).matches();
  }
}
