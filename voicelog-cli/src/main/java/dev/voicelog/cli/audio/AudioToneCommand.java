package dev.voicelog.cli.audio;

import dev.voicelog.cli.Cli;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code voicelog audio tone --format FMT --ms N OUT}: a known test tone (a sine with 5 ms fades), for
 * isolating a pipeline: send it where the speech went and listen, or inspect what comes out.
 */
@Command(name = "tone", mixinStandardHelpOptions = true, description = "Write a known test tone in any format.")
final class AudioToneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OUT", description = "Output file (must not exist).")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "Format: " + AudioSpec.HELP
      + " (wav alone is 16 kHz).")
  String format;

  @Option(names = "--ms", paramLabel = "N", required = true, description = "Duration in milliseconds (1 to 3600000).")
  int ms;

  @Option(names = "--hz", paramLabel = "HZ", defaultValue = "440", description = "Frequency (default 440).")
  double hz;

  @Option(names = "--dbfs", paramLabel = "DB", defaultValue = "-6", description = "Level, dB below full scale (default -6).")
  double dbfs;

  @Override
  public Integer call() {
    AudioSpec target = AudioSpec.parse(format);
    int rate = target.wav() ? (target.wavRate() == 0 ? 16_000 : target.wavRate()) : target.raw().sampleRate();
    if (ms < 1 || ms > 3_600_000) {
      throw new Cli.UserError("--ms must be 1 to 3600000: " + ms);
    }
    if (!(hz > 0 && hz < rate / 2.0)) {
      throw new Cli.UserError("--hz must be above 0 and below half the sample rate (" + rate / 2 + "): " + hz);
    }
    if (!(dbfs <= 0 && dbfs >= -120)) {
      throw new Cli.UserError("--dbfs must be -120 to 0: " + dbfs);
    }
    long n = (long) rate * ms / 1000;
    long fade = Math.max(1, Math.min(n / 2, rate / 200));
    double amplitude = 32767 * Math.pow(10, dbfs / 20);
    // made a block at a time: an hour at 384 kHz is more samples than an array holds
    AudioFiles.write(out, target, rate, 1, n, (from, block, frames) -> {
      for (int k = 0; k < frames; k++) {
        long i = from + k;
        double env = Math.min(1, Math.min(i, n - 1 - i) / (double) fade);
        block[k] = (short) Math.round(amplitude * env * Math.sin(2 * Math.PI * hz * i / rate));
      }
    });
    spec.commandLine().getOut().printf("wrote %s: %.0f Hz at %.1f dBFS, %d ms, %d samples at %d Hz%n", out, hz, dbfs, ms, n, rate);
    return Cli.OK;
  }
}
