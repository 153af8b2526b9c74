package dev.voicelog.bench.audio;

import dev.voicelog.audio.codec.ALaw;
import dev.voicelog.audio.codec.MuLaw;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * G.711 codec throughput, ours against the JDK's javax.sound conversion, both ways, on one second of
 * 16 kHz speech-like PCM16 LE (a transcoding proxy's job). Score: samples per nanosecond.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBench {
  static final int N = 16_000;
  static final AudioFormat PCM = new AudioFormat(8000, 16, 1, true, false);
  static final AudioFormat ULAW = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);

  final byte[] pcm = new byte[2 * N];
  final byte[] ulaw = new byte[N];
  final byte[] alaw = new byte[N];
  final byte[] outPcm = new byte[2 * N];
  final byte[] outG711 = new byte[N];

  @Setup
  public void setUp() {
    Random r = new Random(1);
    for (int i = 0; i < N; i++) {
      short s = (short) (8000 * Math.sin(i * 0.07) + 2000 * r.nextGaussian());
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    MuLaw.encodePcm16le(pcm, 0, N, ulaw, 0);
    ALaw.encodePcm16le(pcm, 0, N, alaw, 0);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public byte[] oursMuLawEncode() {
    MuLaw.encodePcm16le(pcm, 0, N, outG711, 0);
    return outG711;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public byte[] oursMuLawDecode() {
    MuLaw.decodePcm16le(ulaw, 0, N, outPcm, 0);
    return outPcm;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public byte[] oursALawEncode() {
    ALaw.encodePcm16le(pcm, 0, N, outG711, 0);
    return outG711;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public byte[] oursALawDecode() {
    ALaw.decodePcm16le(alaw, 0, N, outPcm, 0);
    return outPcm;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int jdkMuLawEncode() throws IOException {
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), PCM, N);
        AudioInputStream out = AudioSystem.getAudioInputStream(ULAW, in)) {
      return out.readNBytes(outG711, 0, N);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int jdkMuLawDecode() throws IOException {
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(ulaw), ULAW, N);
        AudioInputStream out = AudioSystem.getAudioInputStream(PCM, in)) {
      return out.readNBytes(outPcm, 0, 2 * N);
    }
  }
}
