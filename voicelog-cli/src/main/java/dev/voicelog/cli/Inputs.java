package dev.voicelog.cli;

import dev.voicelog.read.LogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The paths a command was given, checked before anything is read: a bad one is a one-line error naming it. */
final class Inputs {
  private Inputs() {}

  static List<Path> files(List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      throw new Cli.UserError("no PATH given (a log file or a directory of them)");
    }
    List<Path> files;
    try {
      files = LogReader.files(paths);
    } catch (IOException e) {
      throw new Cli.UserError(Cli.describe(e));
    }
    for (Path p : paths) {
      if (Files.isDirectory(p) && files.stream().noneMatch(f -> p.equals(f.getParent()))) {
        throw new Cli.UserError(p + ": no log files in this directory (voicelog_events*, voicemode_events*, *.jsonl)");
      }
    }
    return files;
  }

  /** A reader with a progress bar for these files: two threads, as many as this machine's budget allows. */
  static LogReader reader(Progress progress) {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return LogReader.builder().parallelism(threads).progress(progress).build();
  }
}
