package dev.voicelog.audio.inspect;

import dev.voicelog.audio.format.Encoding;

/** Peak, RMS, DC offset, clipping and silence of decoded samples. */
record Levels(double peakDbfs, double rmsDbfs, double dc, long clipped, double silenceRatio) {
  static Levels of(short[] x, Encoding encoding, int rate) {
    short max = encoding.isG711() ? encoding.decode(new byte[] {encoding == Encoding.ULAW ? (byte) 0x80 : (byte) 0xAA})[0] : Short.MAX_VALUE;
    int peak = 0;
    double sum = 0;
    double power = 0;
    long clipped = 0;
    for (int i = 0; i < x.length; i++) {
      int a = Math.abs((int) x[i]);
      peak = Math.max(peak, a);
      sum += x[i];
      power += (double) x[i] * x[i];
      boolean atMax = a >= max;
      if (atMax && ((i > 0 && Math.abs((int) x[i - 1]) >= max) || (i + 1 < x.length && Math.abs((int) x[i + 1]) >= max))) {
        clipped++;
      }
    }
    int n = Math.max(1, x.length);
    int frame = Math.max(1, rate / 50);
    int frames = 0;
    int silent = 0;
    double threshold = Math.pow(10, AudioInspector.SILENCE_DBFS / 10) * 32768.0 * 32768.0;
    for (int f = 0; f + frame <= x.length; f += frame) {
      double e = 0;
      for (int i = f; i < f + frame; i++) {
        e += (double) x[i] * x[i];
      }
      frames++;
      if (e / frame < threshold) {
        silent++;
      }
    }
    return new Levels(dbfs(peak), 10 * Math.log10(power / n / (32768.0 * 32768.0)), sum / n / 32768.0, clipped,
        frames == 0 ? 0 : silent / (double) frames);
  }

  private static double dbfs(double amplitude) {
    return 20 * Math.log10(amplitude / 32768.0);
  }
}
