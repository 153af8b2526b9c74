package dev.voicelog.cli;

import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import java.time.Duration;
import java.util.List;

/** What several commands share: building the analysis options, filtering by session, the output style. */
final class Commands {
  private Commands() {}

  static AnalysisOptions options(Duration slow) {
    AnalysisOptions.Builder b = AnalysisOptions.builder();
    if (slow != null) {
      b.slowThreshold(slow);
    }
    return b.build();
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
    return Style.forTerminal(System.getenv(), Style.stdoutIsTerminal());
  }
}
