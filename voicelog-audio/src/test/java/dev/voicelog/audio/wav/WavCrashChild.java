package dev.voicelog.audio.wav;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import java.nio.file.Path;

/**
 * The child process of {@link WavWriterTest#aWriterKilledMidwayLeavesAFileSoxCanOpen}: writes a known
 * pattern to a WAV file forever, flushing every 1600 frames and saying so on stdout, until it is killed.
 */
public final class WavCrashChild {
  private WavCrashChild() {}

  public static void main(String[] args) throws Exception {
    AudioFormat format = AudioFormat.parse(args[1]).withChannels(Integer.parseInt(args[2]));
    WavWriter w = WavWriter.create(Path.of(args[0]), format);
    short[] frame = new short[format.channels()];
    long i = 0;
    while (true) {
      for (int c = 0; c < frame.length; c++) {
        frame[c] = WavWriterTest.pattern(i, c);
      }
      w.write(frame, 0, 1);
      if (++i % 1600 == 0) {
        w.flush();
        System.out.println("flushed " + i);
        System.out.flush();
      }
      if (format.encoding() == Encoding.PCM16LE && i > 50_000_000) {
        return; // never reached in the test: it is killed long before
      }
    }
  }
}
