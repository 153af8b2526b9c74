package dev.voicelog.audio.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the tests compare against (sox, espeak-ng; .ci/run installs them). */
public final class Tools {
  private Tools() {}

  /** Runs a command, fails the test with its stderr when it fails; returns stdout. */
  public static byte[] run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError(command.get(0) + " is not installed (.ci/apt-packages lists it): " + e.getMessage());
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + new String(err));
    }
    return out;
  }

  public static byte[] sox(String... args) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>();
    c.add("sox");
    c.addAll(List.of(args));
    return run(c);
  }

  /** Speaks {@code text} with espeak-ng and returns 16-bit mono samples at 22050 Hz (espeak's rate). */
  public static short[] espeak(Path dir, String name, String text) throws IOException, InterruptedException {
    Path wav = dir.resolve(name + ".wav");
    run(List.of("espeak-ng", "-w", wav.toString(), text));
    Path raw = dir.resolve(name + ".raw");
    sox(wav.toString(), "-t", "s16", "-e", "signed-integer", "-b", "16", "-L", raw.toString());
    return shortsLe(Files.readAllBytes(raw));
  }

  public static short[] shortsLe(byte[] b) {
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  public static float[] floatsLe(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  public static byte[] bytesLe(float[] f) {
    ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    return b.array();
  }

  public static byte[] bytesLe(short[] s) {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(s);
    return b.array();
  }

  /** Index of the first sample whose magnitude reaches {@code level}, from {@code from}; -1 if none. */
  public static int firstAbove(short[] x, int from, int level) {
    for (int i = Math.max(0, from); i < x.length; i++) {
      if (Math.abs((int) x[i]) >= level) {
        return i;
      }
    }
    return -1;
  }
}
