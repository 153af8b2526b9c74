package dev.voicelog.audio.wav;

import java.io.IOException;

/**
 * A file that is not a WAV file this library can read; the message names the file and what was wrong. Holds only
 * its message: safe to pass between threads.
 */
public final class WavFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  WavFormatException(String message) {
    super(message);
  }
}
