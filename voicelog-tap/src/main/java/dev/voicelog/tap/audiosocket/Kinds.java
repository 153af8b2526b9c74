package dev.voicelog.tap.audiosocket;

import dev.voicelog.audio.format.AudioFormat;
import java.util.Locale;

/**
 * The AudioSocket message kinds (Asterisk's res_audiosocket.h) and what a frame of each may hold. The
 * limits on lengths are what tells a real frame from bytes read out of step (see {@link FrameReader}).
 */
final class Kinds {
  static final int HANGUP = 0x00;
  static final int UUID = 0x01;
  static final int DTMF = 0x03;
  /** Signed linear 16-bit mono at 8 kHz; 0x11 to 0x18 are 12, 16, 24, 32, 44.1, 48, 96 and 192 kHz. */
  static final int AUDIO_FIRST = 0x10;
  static final int AUDIO_LAST = 0x18;
  static final int ERROR = 0xff;
  /** The longest frame of an unknown kind read as a frame; a longer one is taken for bytes out of step. */
  static final int UNKNOWN_MAX_LENGTH = 1024;
  /** The longest error frame (Asterisk's codes are one byte; applications may send more). */
  static final int ERROR_MAX_LENGTH = 64;
  /** DTMF digits as Asterisk sends them. */
  static final String DTMF_DIGITS = "0123456789*#ABCD";

  private Kinds() {}

  static boolean isAudio(int kind) {
    return kind >= AUDIO_FIRST && kind <= AUDIO_LAST;
  }

  static boolean isKnown(int kind) {
    return kind == HANGUP || kind == UUID || kind == DTMF || kind == ERROR || isAudio(kind);
  }

  /** The longest plausible audio frame: one second at the kind's rate (capped by the 16-bit length). */
  static int maxAudioLength(int kind) {
    return (int) Math.min(0xffff, Math.round(AudioFormat.audioSocket(kind).bytesPerMs() * 1000));
  }

  /** Whether a header could start a real frame: a known kind with a length it can have, or a short unknown one. */
  static boolean plausible(int kind, int length) {
    if (kind == HANGUP) {
      return length == 0;
    }
    if (kind == UUID) {
      return length == 16;
    }
    if (kind == DTMF) {
      return length == 1;
    }
    if (kind == ERROR) {
      return length <= ERROR_MAX_LENGTH;
    }
    if (isAudio(kind)) {
      return length >= 1 && length <= maxAudioLength(kind);
    }
    return length <= UNKNOWN_MAX_LENGTH;
  }

  /** What a header should have been, for the message about one that was not. */
  static String expected(int kind) {
    if (kind == HANGUP) {
      return "a hangup has no payload";
    }
    if (kind == UUID) {
      return "a UUID is 16 bytes";
    }
    if (kind == DTMF) {
      return "a DTMF digit is 1 byte";
    }
    if (kind == ERROR) {
      return "an error code is at most " + ERROR_MAX_LENGTH + " bytes";
    }
    if (isAudio(kind)) {
      return "audio is 1 to " + maxAudioLength(kind) + " bytes (one second)";
    }
    return "a frame of an unknown kind is taken to be at most " + UNKNOWN_MAX_LENGTH + " bytes";
  }

  static String name(int kind) {
    if (isAudio(kind)) {
      return "audio " + AudioFormat.audioSocket(kind);
    }
    return switch (kind) {
      case HANGUP -> "hangup";
      case UUID -> "uuid";
      case DTMF -> "dtmf";
      case ERROR -> "error";
      default -> "unknown";
    };
  }

  static String hex(int kind) {
    return String.format(Locale.ROOT, "0x%02x", kind);
  }

  /** The meaning of Asterisk's bit-packed error code. */
  static String errorMeaning(int code) {
    StringBuilder s = new StringBuilder();
    if ((code & 0x01) != 0) {
      s.append("hangup of the calling party");
    }
    if ((code & 0x02) != 0) {
      s.append(s.length() > 0 ? ", " : "").append("frame forwarding error");
    }
    if ((code & 0x04) != 0) {
      s.append(s.length() > 0 ? ", " : "").append("memory (allocation) error");
    }
    if ((code & ~0x07) != 0 || s.length() == 0) {
      s.append(s.length() > 0 ? ", " : "").append("application-specific code ").append(hex(code));
    }
    return s.toString();
  }

  /** 16 bytes as a UUID's canonical text (8-4-4-4-12, lowercase). */
  static String uuid(byte[] b, int off) {
    StringBuilder s = new StringBuilder(36);
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        s.append('-');
      }
      s.append(Character.forDigit((b[off + i] >> 4) & 0xF, 16)).append(Character.forDigit(b[off + i] & 0xF, 16));
    }
    return s.toString();
  }
}
