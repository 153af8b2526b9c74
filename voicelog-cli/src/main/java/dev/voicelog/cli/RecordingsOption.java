package dev.voicelog.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --recordings DIR} (a picocli mixin) of {@code serve} and {@code report}: where recordings written
 * with a proxy's {@code --record DIR} are, when that is not beside the logs or in their {@code recordings}
 * subdirectory (which are always looked in).
 */
final class RecordingsOption {
  @Option(names = "--recordings", paramLabel = "DIR",
      description = "Where the recordings are, when not beside the logs or in their recordings/ folder (a proxy's --record DIR).")
  Path recordings;

  /** The directory, or null when none was given; a user error when it is not a directory. */
  Path directory() {
    if (recordings != null && !Files.isDirectory(recordings)) {
      throw new Cli.UserError("--recordings " + recordings + ": " + (Files.exists(recordings) ? "not a directory" : "no such directory"));
    }
    return recordings;
  }
}
