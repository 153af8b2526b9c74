package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import java.util.List;

/** What several commands share: building the analysis options, filtering by session, the output style. */
final class Commands {
  private Commands() {}

  /** Every conversation of the files, with a progress bar for a long scan. */
  static Analysis.Result conversations(picocli.CommandLine.Model.CommandSpec spec, List<java.nio.file.Path> files,
      AnalysisOptions options) throws java.io.IOException {
    try (Progress progress = Progress.start(dev.voicelog.read.LogReader.size(files), spec.commandLine().getErr())) {
      return Analysis.conversations(files, options, Inputs.reader(progress));
    }
  }

  /** Keeps the conversations that contain one of {@code ids} (all when null); an unknown id is a user error. */
  static Analysis.Result onlySessions(Analysis.Result r, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return r;
    }
    List<Conversation> kept = r.conversations().stream().filter(c -> c.sessionIds().stream().anyMatch(ids::contains)).toList();
    for (String id : ids) {
      if (kept.stream().noneMatch(c -> c.sessionIds().contains(id))) {
        throw new Cli.UserError("no session " + id + " in " + r.files().size() + (r.files().size() == 1 ? " file" : " files"));
      }
    }
    return Analysis.filtered(r, kept);
  }

  static Style style() {
    return Style.forTerminal(System.getenv(), Terminal.stdout());
  }
}
