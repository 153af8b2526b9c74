package dev.voicelog.bench.telephony;

import java.util.Base64;

/**
 * The messages of the telephony benchmark, each stamped with {@code System.nanoTime()} when it is sent (the
 * carriers and the agents run in the benchmark's JVM, so one clock; the tap is another process and only
 * relays). Twilio messages carry the stamp as a JSON field the tap relays unchanged; AudioSocket frames in
 * the first 8 bytes of their payload.
 */
final class Stamps {
  /** 20 ms of 8 kHz mu-law tone: what Twilio sends every 20 ms. */
  static final String ULAW_20MS = Base64.getEncoder().encodeToString(tone(160, true));
  /** 20 ms of 8 kHz slin tone: what Asterisk sends every 20 ms. */
  static final byte[] SLIN_20MS = tone(320, false);

  private Stamps() {}

  private static byte[] tone(int bytes, boolean ulaw) {
    byte[] b = new byte[bytes];
    int samples = ulaw ? bytes : bytes / 2;
    for (int i = 0; i < samples; i++) {
      short v = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      if (ulaw) {
        b[i] = dev.voicelog.audio.codec.MuLaw.encode(v);
      } else {
        b[2 * i] = (byte) v;
        b[2 * i + 1] = (byte) (v >> 8);
      }
    }
    return b;
  }

  static String twilioStart(String sid) {
    return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"streamSid\":\"" + sid + "\",\"callSid\":\"CA" + sid.substring(2)
        + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},"
        + "\"streamSid\":\"" + sid + "\"}";
  }

  static String twilioMedia(String sid, long chunk) {
    return "{\"event\":\"media\",\"sequenceNumber\":\"" + (chunk + 1) + "\",\"sent\":" + System.nanoTime()
        + ",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + (chunk * 20) + "\",\"payload\":\""
        + ULAW_20MS + "\"},\"streamSid\":\"" + sid + "\"}";
  }

  static String twilioReply(String sid) {
    return "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"sent\":" + System.nanoTime() + ",\"media\":{\"payload\":\""
        + ULAW_20MS + "\"}}";
  }

  /** The {@code "sent"} stamp of a Twilio message. */
  static long sentOf(String m) {
    int i = m.indexOf("\"sent\":") + 7;
    int j = m.indexOf(',', i);
    return Long.parseLong(m, i, j, 10);
  }

  /** The {@code streamSid} of a Twilio message. */
  static String sidOf(String m) {
    int i = m.indexOf("\"streamSid\":\"") + 13;
    return m.substring(i, m.indexOf('"', i));
  }

  /** An AudioSocket audio frame (slin 8 kHz, 20 ms) stamped now. */
  static byte[] audioFrame() {
    byte[] f = new byte[3 + 320];
    f[0] = 0x10;
    f[1] = 0x01;
    f[2] = 0x40;
    System.arraycopy(SLIN_20MS, 0, f, 3, 320);
    long now = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      f[3 + i] = (byte) (now >>> (56 - 8 * i));
    }
    return f;
  }

  /** The stamp of an AudioSocket audio frame (header included). */
  static long stampOf(byte[] frame) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (frame[3 + i] & 0xff);
    }
    return v;
  }

  /** A UUID frame; its first byte says the route (1: through the tap), the rest the call. */
  static byte[] uuidFrame(boolean tapped, long call) {
    byte[] f = new byte[3 + 16];
    f[0] = 0x01;
    f[2] = 16;
    f[3] = (byte) (tapped ? 1 : 0);
    for (int i = 0; i < 8; i++) {
      f[11 + i] = (byte) (call >>> (56 - 8 * i));
    }
    f[9] = 0x40; // a version-4 UUID
    f[11] = (byte) (0x80 | (f[11] & 0x3f));
    return f;
  }
}
