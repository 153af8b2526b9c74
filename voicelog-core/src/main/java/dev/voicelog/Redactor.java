package dev.voicelog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the words of redacted fields by {@code [redacted len=N hash=XXXXXXXX]}: the length in chars and
 * the first 8 hex digits of HMAC-SHA256(key, text). A keyed hash, because an unkeyed hash of a short phrase
 * ("yes", a name) is reversed by trying every candidate. Thread-safe; runs on the caller's thread only when
 * redaction is on.
 */
final class Redactor {
  static final Redactor NONE = new Redactor(Redaction.NONE, Set.of(), new byte[1]);

  private final boolean on;
  private final Set<String> fields;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  Redactor(Redaction mode, Set<String> fields, byte[] key) {
    this.on = mode == Redaction.TEXT;
    this.fields = Set.copyOf(fields);
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  boolean redacts(String field) {
    return on && field != null && fields.contains(field);
  }

  boolean isOn() {
    return on;
  }

  String redact(CharSequence text) {
    String s = text.toString();
    byte[] h = macs.get().doFinal(s.getBytes(StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder(40).append("[redacted len=").append(s.length()).append(" hash=");
    for (int i = 0; i < 4; i++) {
      out.append(Character.forDigit((h[i] >> 4) & 0xF, 16)).append(Character.forDigit(h[i] & 0xF, 16));
    }
    return out.append(']').toString();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
