package dev.voicelog.audio.format;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a stream of audio bytes is: its {@link Encoding}, sample rate and channel count, and so its bytes
 * per millisecond. Immutable and thread-safe.
 *
 * <p>Written as {@code NAME@RATE} ({@code pcm16le@24000}, {@code ulaw@8000}); see {@link #parse(String)}
 * for every name, including the wire formats' own: the OpenAI Realtime API's beta names ({@code pcm16},
 * {@code g711_ulaw}, {@code g711_alaw}) and GA types ({@code audio/pcm}, {@code audio/pcmu},
 * {@code audio/pcma}), Twilio's {@code audio/x-mulaw} and Asterisk's {@code slin}, {@code slin16}, ...
 */
public final class AudioFormat {
  /** The lowest sample rate accepted anywhere, in Hz. */
  public static final int MIN_RATE = 1_000;

  /** The highest sample rate accepted anywhere, in Hz. */
  public static final int MAX_RATE = 384_000;

  /** Realtime API beta {@code pcm16}, and GA {@code audio/pcm} at its default rate: 24 kHz mono LE. */
  public static final AudioFormat REALTIME_PCM16 = new AudioFormat(Encoding.PCM16LE, 24_000, 1);

  /** Realtime API {@code g711_ulaw} / {@code audio/pcmu}: 8 kHz mu-law. */
  public static final AudioFormat REALTIME_G711_ULAW = new AudioFormat(Encoding.ULAW, 8_000, 1);

  /** Realtime API {@code g711_alaw} / {@code audio/pcma}: 8 kHz A-law. */
  public static final AudioFormat REALTIME_G711_ALAW = new AudioFormat(Encoding.ALAW, 8_000, 1);

  /** Twilio Media Streams {@code audio/x-mulaw}, 8000 Hz, mono. */
  public static final AudioFormat TWILIO_MULAW = REALTIME_G711_ULAW;

  /** Asterisk AudioSocket kind 0x10: slin, 16-bit little-endian at 8 kHz. */
  public static final AudioFormat AUDIOSOCKET_SLIN = new AudioFormat(Encoding.PCM16LE, 8_000, 1);

  /** AudioSocket audio kinds 0x10..0x18 and their rates (res_audiosocket.h). */
  private static final int[] AUDIOSOCKET_RATES = {8_000, 12_000, 16_000, 24_000, 32_000, 44_100, 48_000, 96_000, 192_000};

  /** A name, what it means, and whether its rate is part of its definition (then {@code @RATE} may not differ). */
  private record Name(Encoding encoding, int defaultRate, boolean fixedRate, String meaning) {}

  private static final Map<String, Name> NAMES = Map.ofEntries(
      Map.entry("pcm16le", new Name(Encoding.PCM16LE, 0, false, "16-bit PCM little-endian")),
      Map.entry("s16le", new Name(Encoding.PCM16LE, 0, false, "16-bit PCM little-endian")),
      Map.entry("pcm16be", new Name(Encoding.PCM16BE, 0, false, "16-bit PCM big-endian")),
      Map.entry("s16be", new Name(Encoding.PCM16BE, 0, false, "16-bit PCM big-endian")),
      Map.entry("ulaw", new Name(Encoding.ULAW, 8_000, false, "G.711 mu-law")),
      Map.entry("mulaw", new Name(Encoding.ULAW, 8_000, false, "G.711 mu-law")),
      Map.entry("pcmu", new Name(Encoding.ULAW, 8_000, false, "G.711 mu-law")),
      Map.entry("alaw", new Name(Encoding.ALAW, 8_000, false, "G.711 A-law")),
      Map.entry("pcma", new Name(Encoding.ALAW, 8_000, false, "G.711 A-law")),
      Map.entry("pcm16", new Name(Encoding.PCM16LE, 24_000, true, "Realtime API beta pcm16")),
      Map.entry("g711_ulaw", new Name(Encoding.ULAW, 8_000, true, "Realtime API beta g711_ulaw")),
      Map.entry("g711_alaw", new Name(Encoding.ALAW, 8_000, true, "Realtime API beta g711_alaw")),
      Map.entry("audio/pcm", new Name(Encoding.PCM16LE, 24_000, false, "Realtime API GA audio/pcm")),
      Map.entry("audio/pcmu", new Name(Encoding.ULAW, 8_000, true, "Realtime API GA audio/pcmu")),
      Map.entry("audio/pcma", new Name(Encoding.ALAW, 8_000, true, "Realtime API GA audio/pcma")),
      Map.entry("audio/x-mulaw", new Name(Encoding.ULAW, 8_000, true, "Twilio Media Streams audio/x-mulaw")),
      Map.entry("slin", new Name(Encoding.PCM16LE, 8_000, true, "Asterisk slin")),
      Map.entry("slin12", new Name(Encoding.PCM16LE, 12_000, true, "Asterisk slin12")),
      Map.entry("slin16", new Name(Encoding.PCM16LE, 16_000, true, "Asterisk slin16")),
      Map.entry("slin24", new Name(Encoding.PCM16LE, 24_000, true, "Asterisk slin24")),
      Map.entry("slin32", new Name(Encoding.PCM16LE, 32_000, true, "Asterisk slin32")),
      Map.entry("slin44", new Name(Encoding.PCM16LE, 44_100, true, "Asterisk slin44")),
      Map.entry("slin48", new Name(Encoding.PCM16LE, 48_000, true, "Asterisk slin48")),
      Map.entry("slin96", new Name(Encoding.PCM16LE, 96_000, true, "Asterisk slin96")),
      Map.entry("slin192", new Name(Encoding.PCM16LE, 192_000, true, "Asterisk slin192")));

  /** Every accepted name, for error messages. */
  public static final String NAMES_HELP =
      "pcm16le|pcm16be|ulaw|alaw[@RATE], or pcm16, g711_ulaw, g711_alaw, audio/pcm[@RATE], audio/pcmu, audio/pcma,"
          + " audio/x-mulaw, slin, slin12..slin192";

  private final Encoding encoding;
  private final int sampleRate;
  private final int channels;

  private AudioFormat(Encoding encoding, int sampleRate, int channels) {
    this.encoding = encoding;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  /** A mono format. Throws {@link IllegalArgumentException} for a rate outside [1000, 384000]. */
  public static AudioFormat of(Encoding encoding, int sampleRate) {
    return of(encoding, sampleRate, 1);
  }

  /** A format with {@code channels} interleaved channels (1 to 8). */
  public static AudioFormat of(Encoding encoding, int sampleRate, int channels) {
    Objects.requireNonNull(encoding, "encoding");
    checkRate(sampleRate);
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be 1 to 8: " + channels);
    }
    return new AudioFormat(encoding, sampleRate, channels);
  }

  private static void checkRate(int rate) {
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new IllegalArgumentException("sample rate must be " + MIN_RATE + " to " + MAX_RATE + " Hz: " + rate);
    }
  }

  /**
   * Parses {@code NAME} or {@code NAME@RATE} (case-insensitive). A name whose rate is part of its definition
   * ({@code pcm16} is 24 kHz, {@code g711_ulaw} and {@code audio/x-mulaw} 8 kHz, {@code slin16} 16 kHz)
   * rejects a different {@code @RATE}: that contradiction is the classic "slow audio" mistake. The plain
   * PCM names have no default rate and need one. Throws {@link IllegalArgumentException} with a one-line
   * message that says what is accepted.
   */
  public static AudioFormat parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty audio format; expected " + NAMES_HELP);
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int at = s.indexOf('@');
    String nameText = at < 0 ? s : s.substring(0, at);
    Name name = NAMES.get(nameText);
    if (name == null) {
      throw new IllegalArgumentException("unknown audio format '" + spec + "'; expected " + NAMES_HELP);
    }
    int rate = name.defaultRate;
    if (at >= 0) {
      int given = parseRate(s.substring(at + 1), spec);
      if (name.fixedRate && given != name.defaultRate) {
        throw new IllegalArgumentException(nameText + " is always " + name.defaultRate + " Hz (" + name.meaning
            + "), not " + given + "; write " + name.encoding.id() + "@" + given + " for other rates");
      }
      rate = given;
    }
    if (rate == 0) {
      throw new IllegalArgumentException(nameText + " needs a sample rate: " + nameText + "@16000");
    }
    return of(name.encoding, rate);
  }

  private static int parseRate(String text, String spec) {
    try {
      int r = text.endsWith("k") ? (int) Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000)
          : Integer.parseInt(text);
      checkRate(r);
      return r;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad sample rate in '" + spec + "': expected NAME@RATE, e.g. pcm16le@16000");
    }
  }

  /** A Realtime API beta format name: {@code pcm16}, {@code g711_ulaw} or {@code g711_alaw}. */
  public static AudioFormat realtimeBeta(String name) {
    if (!"pcm16".equals(name) && !"g711_ulaw".equals(name) && !"g711_alaw".equals(name)) {
      throw new IllegalArgumentException("not a Realtime API beta audio format: " + name);
    }
    return parse(name);
  }

  /**
   * A Realtime API GA format object {@code {type, rate}}: {@code audio/pcm} (rate, 24000 when absent or 0),
   * {@code audio/pcmu}, {@code audio/pcma}.
   */
  public static AudioFormat realtimeGa(String type, int rate) {
    if ("audio/pcm".equals(type)) {
      return of(Encoding.PCM16LE, rate == 0 ? 24_000 : rate);
    }
    if ("audio/pcmu".equals(type) || "audio/pcma".equals(type)) {
      return parse(type);
    }
    throw new IllegalArgumentException("not a Realtime API GA audio format type: " + type);
  }

  /** Twilio's {@code start.mediaFormat} (encoding {@code audio/x-mulaw}, sampleRate, channels). */
  public static AudioFormat twilio(String encoding, int sampleRate, int channels) {
    if (!"audio/x-mulaw".equalsIgnoreCase(encoding)) {
      throw new IllegalArgumentException("not a Twilio media format encoding: " + encoding);
    }
    return of(Encoding.ULAW, sampleRate, channels);
  }

  /** The format of an AudioSocket audio message kind (0x10 slin 8 kHz to 0x18 slin 192 kHz). */
  public static AudioFormat audioSocket(int kind) {
    if (kind < 0x10 || kind > 0x18) {
      throw new IllegalArgumentException(String.format("not an AudioSocket audio kind: 0x%02x", kind));
    }
    return of(Encoding.PCM16LE, AUDIOSOCKET_RATES[kind - 0x10]);
  }

  /** The AudioSocket kind for this format, or -1 when AudioSocket has none (it carries only mono slin). */
  public int audioSocketKind() {
    if (encoding != Encoding.PCM16LE || channels != 1) {
      return -1;
    }
    for (int i = 0; i < AUDIOSOCKET_RATES.length; i++) {
      if (AUDIOSOCKET_RATES[i] == sampleRate) {
        return 0x10 + i;
      }
    }
    return -1;
  }

  /** How the samples are coded as bytes. */
  public Encoding encoding() {
    return encoding;
  }

  /** Samples per second of each channel, in Hz ({@value #MIN_RATE} to {@value #MAX_RATE}). */
  public int sampleRate() {
    return sampleRate;
  }

  /** Interleaved channels, 1 to 8. */
  public int channels() {
    return channels;
  }

  /** Bytes of one sample of every channel. */
  public int bytesPerFrame() {
    return encoding.bytesPerSample() * channels;
  }

  /** Bytes per millisecond: 8 for 8 kHz G.711, 48 for 24 kHz PCM16, 88.2 for 44.1 kHz PCM16. */
  public double bytesPerMs() {
    return bytesPerFrame() * sampleRate / 1000.0;
  }

  /** The whole frames in {@code bytes} bytes. */
  public long frames(long bytes) {
    return bytes / bytesPerFrame();
  }

  /** How long {@code bytes} bytes of this format play, in nanoseconds (whole frames, rounded down). */
  public long durationNanos(long bytes) {
    return frames(bytes) * 1_000_000_000L / sampleRate;
  }

  /** The same format at another rate. */
  public AudioFormat withRate(int rate) {
    return of(encoding, rate, channels);
  }

  /** The same format with another channel count. */
  public AudioFormat withChannels(int n) {
    return of(encoding, sampleRate, n);
  }

  /** {@code pcm16le@24000}; {@code pcm16le@16000x2} for stereo. {@link #parse} reads the mono form back. */
  @Override
  public String toString() {
    return encoding.id() + "@" + sampleRate + (channels == 1 ? "" : "x" + channels);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioFormat f && f.encoding == encoding && f.sampleRate == sampleRate && f.channels == channels;
  }

  @Override
  public int hashCode() {
    return (encoding.hashCode() * 31 + sampleRate) * 31 + channels;
  }
}
