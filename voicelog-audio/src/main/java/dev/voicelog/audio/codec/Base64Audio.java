package dev.voicelog.audio.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Base64 audio chunks, as the OpenAI Realtime API ({@code input_audio_buffer.append},
 * {@code response.output_audio.delta}) and Twilio Media Streams ({@code media.payload}) carry them.
 *
 * <p>{@link #decodedLength(CharSequence)} counts a chunk's bytes without decoding it, exactly (padding
 * included): the usual {@code len * 3 / 4} over-counts padded chunks, and over a call the error adds up
 * to the wrong duration.
 *
 * <p>Stateless and thread-safe. Malformed input throws {@link IllegalArgumentException}.
 */
public final class Base64Audio {
  private Base64Audio() {}

  /** Decodes a chunk (standard alphabet; padding optional). */
  public static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  /** Encodes {@code len} bytes of {@code audio} from {@code off} (standard alphabet, padded). */
  public static String encode(byte[] audio, int off, int len) {
    if (off == 0 && len == audio.length) {
      return Base64.getEncoder().encodeToString(audio);
    }
    byte[] part = new byte[len];
    System.arraycopy(audio, off, part, 0, len);
    return Base64.getEncoder().encodeToString(part);
  }

  /**
   * The number of bytes a base64 chunk decodes to, without decoding it. Throws
   * {@link IllegalArgumentException} for a length no base64 text can have (one character past a group).
   */
  public static int decodedLength(CharSequence base64) {
    int len = base64.length();
    int pad = 0;
    while (pad < 2 && len - pad > 0 && base64.charAt(len - 1 - pad) == '=') {
      pad++;
    }
    int chars = len - pad;
    int rem = chars % 4;
    if (rem == 1) {
      throw new IllegalArgumentException("not base64: " + chars + " characters leave one dangling");
    }
    return chars / 4 * 3 + (rem == 0 ? 0 : rem - 1);
  }

  /**
   * Splits audio into base64 chunks of {@code chunkBytes} bytes each (the last may be shorter): how a sender
   * paces audio as 20 ms messages (160 bytes of 8 kHz mu-law for Twilio).
   */
  public static List<String> chunks(byte[] audio, int chunkBytes) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
    }
    List<String> out = new ArrayList<>(audio.length / chunkBytes + 1);
    for (int off = 0; off < audio.length; off += chunkBytes) {
      out.add(encode(audio, off, Math.min(chunkBytes, audio.length - off)));
    }
    return out;
  }
}
