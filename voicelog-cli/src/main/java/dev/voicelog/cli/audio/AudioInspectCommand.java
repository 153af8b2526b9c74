package dev.voicelog.cli.audio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.inspect.AudioInspector;
import dev.voicelog.audio.inspect.EncodingGuess;
import dev.voicelog.audio.inspect.Inspection;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code voicelog audio inspect FILE}: what the audio most likely is and what is wrong with it. Exit 0 when
 * it found nothing wrong, 1 when it lists problems.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Say what audio a file holds (encoding, rate) and what is wrong with it.")
final class AudioInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A WAV file or a raw dump of unknown format.")
  Path file;

  @Option(names = "--declared", paramLabel = "FORMAT",
      description = "What the raw audio is supposed to be (NAME@RATE), to check against the content.")
  String declared;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
  String output;

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw new Cli.UserError("--format must be text or json: " + output);
    }
    byte[] bytes = AudioFiles.readBytes(file);
    AudioFormat claimed = declared == null ? null : AudioSpec.parse(declared).raw();
    if (declared != null && claimed == null) {
      throw new Cli.UserError("--declared takes a raw format (NAME@RATE); a WAV file declares itself");
    }
    WavFile wav = null;
    if (WavReader.looksLikeWav(bytes)) {
      if (declared != null) {
        throw new Cli.UserError("--declared is for raw audio; " + file + " is a WAV file, whose header declares its format");
      }
      wav = AudioFiles.parseWav(file, bytes);
    }
    String container = wav != null ? "wav" : "raw";
    if ((wav != null ? wav.data() : bytes).length == 0) {
      throw new Cli.UserError(file + ": no audio in it (" + (wav != null ? "a WAV header and no samples" : "0 bytes")
          + "): nothing to inspect");
    }
    Inspection i = wav != null ? AudioInspector.inspect(wav) : AudioInspector.inspect(bytes, claimed);
    PrintWriter w = spec.commandLine().getOut();
    if (output.equals("json")) {
      json(w, i, container, bytes.length);
    } else {
      text(w, i, container, bytes.length);
    }
    w.flush();
    return i.problems().isEmpty() ? Cli.OK : Cli.FAILED;
  }

  private void text(PrintWriter w, Inspection i, String container, int size) {
    w.printf(Locale.ROOT, "file:        %s (%s, %d bytes)%n", file, container, size);
    if (i.declared() != null) {
      w.printf(Locale.ROOT, "declared:    %s%n", i.declared());
    }
    w.printf(Locale.ROOT, "encoding:    %s (most likely)%n", i.encoding().id());
    StringBuilder ev = new StringBuilder();
    for (EncodingGuess g : i.guesses()) {
      ev.append(ev.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", g.encoding().id(), g.smoothness()));
    }
    w.printf(Locale.ROOT, "  evidence:  smoothness %s (1 = audio, 0 = noise)%n", ev);
    w.printf(Locale.ROOT, "sample rate: %d Hz (%s)%n", i.sampleRate(), i.rateEvidence());
    w.printf(Locale.ROOT, "duration:    %.3f s%n", i.seconds());
    w.printf(Locale.ROOT, "level:       peak %.1f dBFS, average %.1f dBFS%n", i.peakDbfs(), i.rmsDbfs());
    w.printf(Locale.ROOT, "DC offset:   %.2f %% of full scale%n", i.dcOffset() * 100);
    w.printf(Locale.ROOT, "clipping:    %d samples%n", i.clippedSamples());
    w.printf(Locale.ROOT, "silence:     %.0f %% of 20 ms frames below -60 dBFS%n", i.silenceRatio() * 100);
    w.printf(Locale.ROOT, "bandwidth:   99.9 %% of the energy below %.0f Hz%n", i.bandwidthHz());
    if (i.problems().isEmpty()) {
      w.println("problems:    none found");
    } else {
      w.println("problems:");
      for (String p : i.problems()) {
        w.println("  - " + p);
      }
    }
  }

  private void json(PrintWriter w, Inspection i, String container, int size) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("file", file.toString());
      g.writeStringField("container", container);
      g.writeNumberField("bytes", size);
      g.writeStringField("declared", i.declared() == null ? null : i.declared().toString());
      g.writeStringField("encoding", i.encoding().id());
      g.writeArrayFieldStart("guesses");
      for (EncodingGuess e : i.guesses()) {
        g.writeStartObject();
        g.writeStringField("encoding", e.encoding().id());
        number(g, "smoothness", e.smoothness());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("sample_rate", i.sampleRate());
      g.writeStringField("rate_evidence", i.rateEvidence());
      g.writeArrayFieldStart("plausible_rates");
      for (int r : i.plausibleRates()) {
        g.writeNumber(r);
      }
      g.writeEndArray();
      number(g, "pitch_hz", i.pitchHz());
      number(g, "bandwidth_hz", i.bandwidthHz());
      number(g, "seconds", i.seconds());
      number(g, "peak_dbfs", i.peakDbfs());
      number(g, "rms_dbfs", i.rmsDbfs());
      number(g, "dc_offset", i.dcOffset());
      g.writeNumberField("clipped_samples", i.clippedSamples());
      number(g, "silence_ratio", i.silenceRatio());
      g.writeArrayFieldStart("problems");
      for (String p : i.problems()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    w.println();
  }

  /** NaN and infinities (silence in dB) are written as null: JSON has neither. */
  private static void number(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(name, Math.round(v * 1e6) / 1e6);
    } else {
      g.writeNullField(name);
    }
  }
}
