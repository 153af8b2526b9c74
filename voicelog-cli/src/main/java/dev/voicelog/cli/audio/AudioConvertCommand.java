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
 * {@code voicelog audio convert IN OUT --from FMT --to FMT}: decodes, resamples when the rates differ, and
 * encodes. Raw to raw at one rate, the samples pass through the codecs and nothing else.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert raw or WAV audio between formats and rates.")
final class AudioConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "Input file.")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output file (must not exist).")
  Path out;

  @Option(names = "--from", paramLabel = "FORMAT", defaultValue = "wav", description = "Input format (default wav): " + AudioSpec.HELP)
  String from;

  @Option(names = "--to", paramLabel = "FORMAT", required = true, description = "Output format: " + AudioSpec.HELP)
  String to;

  @Override
  public Integer call() {
    AudioSpec source = AudioSpec.parse(from);
    AudioSpec target = AudioSpec.parse(to);
    AudioFiles.Audio audio = AudioFiles.read(in, source);
    int rate = target.wav() ? (target.wavRate() == 0 ? audio.rate() : target.wavRate()) : target.raw().sampleRate();
    AudioFiles.Audio converted = AudioFiles.resample(audio, rate);
    AudioFiles.write(out, target, converted);
    spec.commandLine().getOut().printf("wrote %s: %d samples at %d Hz, %d channel(s)%n", out,
        converted.samples().length / converted.channels(), rate, converted.channels());
    return Cli.OK;
  }
}
