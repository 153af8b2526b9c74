package dev.voicelog.audio.format;

import dev.voicelog.audio.codec.ALaw;
import dev.voicelog.audio.codec.MuLaw;
import dev.voicelog.audio.codec.Pcm16;

/**
 * How samples are coded as bytes, and the one place that turns each into 16-bit samples and back.
 * Thread-safe; the codec methods never allocate.
 */
public enum Encoding {
  /** 16-bit signed linear, little-endian (Realtime {@code pcm16}, AudioSocket slin, WAV). */
  PCM16LE("pcm16le", 2) {
    @Override
    public void decode(byte[] src, int srcOff, int samples, short[] dst, int dstOff) {
      Pcm16.decodeLe(src, srcOff, samples, dst, dstOff);
    }

    @Override
    public void encode(short[] src, int srcOff, int samples, byte[] dst, int dstOff) {
      Pcm16.encodeLe(src, srcOff, samples, dst, dstOff);
    }
  },
  /** 16-bit signed linear, big-endian (network order; AIFF, some RTP L16). */
  PCM16BE("pcm16be", 2) {
    @Override
    public void decode(byte[] src, int srcOff, int samples, short[] dst, int dstOff) {
      Pcm16.decodeBe(src, srcOff, samples, dst, dstOff);
    }

    @Override
    public void encode(short[] src, int srcOff, int samples, byte[] dst, int dstOff) {
      Pcm16.encodeBe(src, srcOff, samples, dst, dstOff);
    }
  },
  /** G.711 mu-law (PCMU; Twilio, North American telephony). */
  ULAW("ulaw", 1) {
    @Override
    public void decode(byte[] src, int srcOff, int samples, short[] dst, int dstOff) {
      MuLaw.decode(src, srcOff, samples, dst, dstOff);
    }

    @Override
    public void encode(short[] src, int srcOff, int samples, byte[] dst, int dstOff) {
      MuLaw.encode(src, srcOff, samples, dst, dstOff);
    }
  },
  /** G.711 A-law (PCMA; European telephony). */
  ALAW("alaw", 1) {
    @Override
    public void decode(byte[] src, int srcOff, int samples, short[] dst, int dstOff) {
      ALaw.decode(src, srcOff, samples, dst, dstOff);
    }

    @Override
    public void encode(short[] src, int srcOff, int samples, byte[] dst, int dstOff) {
      ALaw.encode(src, srcOff, samples, dst, dstOff);
    }
  };

  private final String id;
  private final int bytesPerSample;

  Encoding(String id, int bytesPerSample) {
    this.id = id;
    this.bytesPerSample = bytesPerSample;
  }

  /** The canonical name used in format strings ({@code pcm16le}, {@code ulaw}, ...). */
  public String id() {
    return id;
  }

  /** Bytes per sample of one channel: 2 for PCM16, 1 for G.711. */
  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Whether this is one of the G.711 companded encodings. */
  public boolean isG711() {
    return bytesPerSample == 1;
  }

  /** Decodes {@code samples} samples from {@code src} (bytes) into {@code dst}. */
  public abstract void decode(byte[] src, int srcOff, int samples, short[] dst, int dstOff);

  /** Encodes {@code samples} samples from {@code src} into {@code dst} (bytes). */
  public abstract void encode(short[] src, int srcOff, int samples, byte[] dst, int dstOff);

  /** Decodes a whole byte array (a trailing odd byte of PCM16 is ignored). */
  public short[] decode(byte[] src) {
    short[] out = new short[src.length / bytesPerSample];
    decode(src, 0, out.length, out, 0);
    return out;
  }

  /** Encodes a whole sample array. */
  public byte[] encode(short[] src) {
    byte[] out = new byte[src.length * bytesPerSample];
    encode(src, 0, src.length, out, 0);
    return out;
  }
}
