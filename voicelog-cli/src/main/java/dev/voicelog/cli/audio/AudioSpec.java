package dev.voicelog.cli.audio;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.cli.Cli;
import java.util.Locale;

/**
 * A format argument of {@code voicelog audio}: a raw format ({@code NAME@RATE}, see {@link AudioFormat#parse})
 * or a WAV file: {@code wav} (it describes itself), {@code wav@RATE} (resampled to RATE on the way out),
 * {@code wav:ulaw}, {@code wav:alaw@8000} (G.711 WAV).
 *
 * @param wav whether this is a WAV file
 * @param raw the raw format, or for WAV the codec and rate given (rate 0: keep the input's)
 */
record AudioSpec(boolean wav, AudioFormat raw, Encoding wavEncoding, int wavRate) {
  static final String HELP = "NAME@RATE (pcm16le@24000, pcm16be@16000, ulaw@8000, alaw@8000, pcm16, g711_ulaw,"
      + " audio/pcmu, audio/x-mulaw, slin16, ...) or wav, wav@RATE, wav:ulaw, wav:alaw@RATE";

  static AudioSpec parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (!s.startsWith("wav")) {
      try {
        return new AudioSpec(false, AudioFormat.parse(s), null, 0);
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(e.getMessage());
      }
    }
    String rest = s.substring(3);
    int rate = 0;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        rate = AudioFormat.parse("pcm16le" + rest.substring(at)).sampleRate();
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError("bad format '" + text + "': " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    Encoding encoding = switch (rest) {
      case "", ":pcm16", ":pcm16le" -> Encoding.PCM16LE;
      case ":ulaw", ":mulaw", ":pcmu" -> Encoding.ULAW;
      case ":alaw", ":pcma" -> Encoding.ALAW;
      default -> throw new Cli.UserError("unknown format '" + text + "'; expected " + HELP);
    };
    return new AudioSpec(true, null, encoding, rate);
  }
}
