package dev.voicelog.cli.proxy;

import dev.voicelog.LineListener;
import dev.voicelog.Redaction;
import dev.voicelog.VoiceLog;
import dev.voicelog.VoiceLogBuilder;
import dev.voicelog.VoiceLogConfigException;
import dev.voicelog.cli.Cli;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options every {@code voicelog proxy} tap shares (a picocli mixin): where the log and the recordings go,
 * how much it prints, whether conversation text is redacted; and the log they make.
 */
final class TapOptions {
  @Option(names = "--out", paramLabel = "DIR", description = "Where to log (default: VOICELOG_DIR, else ~/.voicelog/events).")
  Path out;

  @Option(names = "--record", paramLabel = "DIR",
      description = "Where the stereo recordings go, one WAV per session (default: DIR/recordings of the log).")
  Path record;

  @Option(names = "--no-record", description = "Record no audio.")
  boolean noRecord;

  @Option(names = "--quiet", description = "Print nothing while running but the address and errors.")
  boolean quiet;

  @Option(names = "--redact-text", description = "Write transcripts, DTMF digits and other conversation text as length and hash only.")
  boolean redactText;

  /**
   * The log: the environment's settings (VOICELOG_*), then these options; {@code personalFields} are redacted
   * with {@code --redact-text}, and the console (made for {@code out}) listens unless {@code --quiet}.
   */
  VoiceLog buildLog(PrintWriter out, Set<String> personalFields, Function<PrintWriter, LineListener> console) {
    VoiceLogBuilder b = VoiceLog.builder().shutdownHook(false);
    try {
      b.fromEnvironment(System.getenv());
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    if (this.out != null) {
      b.directory(this.out);
    }
    if (redactText) {
      b.redaction(Redaction.TEXT);
      personalFields.forEach(b::redactField);
    }
    if (!quiet) {
      b.addListener(console.apply(out));
    }
    VoiceLog log;
    try {
      log = b.build();
    } catch (VoiceLogConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    try {
      if (log.directory() == null) {
        throw new Cli.UserError("VOICELOG_ENABLED is false: a proxy that logs nothing has no use; unset it");
      }
      Cli.writableDirectory(log.directory(), "the log");
      if (!noRecord) {
        Cli.writableDirectory(recordings(log), "the recordings");
      }
    } catch (Cli.UserError e) {
      log.close();
      throw e;
    }
    return log;
  }

  /** Where the recordings go (null with {@code --no-record}). */
  Path recordings(VoiceLog log) {
    return noRecord ? null : record != null ? record : log.directory().resolve("recordings");
  }
}
