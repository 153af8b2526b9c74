package dev.voicelog.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The PATH... every reading command takes (a picocli mixin), checked by {@link Inputs} before reading. */
final class InputPaths {
  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or directories of rotated log files.")
  List<Path> paths;

  List<Path> files() {
    return Inputs.files(paths);
  }
}
