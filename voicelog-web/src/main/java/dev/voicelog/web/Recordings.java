package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Turn;
import dev.voicelog.read.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The stereo recording of a conversation, as its {@code RECORDING_SAVED} event names it (voicelog-audio's
 * recorder: {@code path}, {@code start_t} in seconds on the conversation's clock), and the one way a name
 * from a log becomes a file: {@link #resolve}, which both the dashboard and the report use.
 *
 * <p><b>Where a recording may be.</b> The bare file name the log gives is looked for in the log's own
 * directory, then in its {@value #SUBDIRECTORY} subdirectory (where {@code voicelog proxy} writes them by
 * default), then in the one directory the user named for recordings, if any (a proxy's {@code --record
 * DIR}, given to {@code serve} and {@code report} as {@code --recordings DIR}), and nowhere else. The rest of the logged path is not used: it is absolute, from the machine and
 * mount that wrote it, and stops being true as soon as a log folder is copied or mounted elsewhere; and a
 * path taken from a log would let the log choose which file of a tree is served.
 *
 * <p><b>Never trust the log.</b> Only the last component of the logged path is used, and only when it is a
 * plain file name ({@link #SAFE_NAME}: letters, digits, {@code . _ -}, ending in {@code .wav}); the file must
 * be a regular file directly inside one of those directories, also after following links (so a link,
 * or a {@value #SUBDIRECTORY} directory that is a link, to anywhere else is refused). Anything else is
 * "no recording". Thread-safe (stateless).
 */
final class Recordings {
  /** A file name we are willing to serve: no separators, no leading dot, a .wav extension. */
  static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.[wW][aA][vV]");

  /**
   * The subdirectory of a log's directory where recordings may also be: the proxies' default
   * ({@code voicelog proxy ... --out DIR} records into {@code DIR/recordings}).
   */
  static final String SUBDIRECTORY = "recordings";

  private Recordings() {}

  /** A recording named by a log: the file's bare name, the log's directory, and where sample 0 is. */
  static final class Recording {
    private final String name;
    private final Path logDirectory;
    private final long startT;

    Recording(String name, Path logDirectory, long startT) {
      this.name = name;
      this.logDirectory = logDirectory;
      this.startT = startT;
    }

    /** The file's name, safe ({@link #SAFE_NAME}). */
    String name() {
      return name;
    }

    /** The directory of the log that named it. */
    Path logDirectory() {
      return logDirectory;
    }

    /** The conversation time of the file's first sample, in microseconds. */
    long startT() {
      return startT;
    }
  }

  /** The conversation's last RECORDING_SAVED whose file is safe to name, or null. */
  static Recording of(Conversation c) {
    Recording found = null;
    for (Turn t : c.turns()) {
      for (LogEvent e : t.events()) {
        if (e.eventType() == EventType.RECORDING_SAVED) {
          Recording r = of(e);
          if (r != null) {
            found = r;
          }
        }
      }
    }
    return found;
  }

  private static Recording of(LogEvent e) {
    Object p = e.get("path");
    if (!(p instanceof String path) || path.isEmpty()) {
      p = e.get("file");
    }
    if (!(p instanceof String path) || path.isEmpty()) {
      return null;
    }
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    if (!SAFE_NAME.matcher(name).matches()) {
      return null;
    }
    long startT = e.get("start_t") instanceof Number n ? Math.round(n.doubleValue() * 1e6) : 0;
    Path log = Path.of(e.file()).toAbsolutePath().getParent();
    return log == null ? null : new Recording(name, log, startT);
  }

  /**
   * The file {@code name} names for a log in {@code directory}, or null. {@code name} must be a
   * {@link #SAFE_NAME}; the file is looked for directly inside {@code directory}, then directly inside its
   * {@link #SUBDIRECTORY}, then directly inside {@code recordings} (the user's recordings directory, or null
   * for none), and must be a regular file there once links are followed. The first found wins.
   */
  static Path resolve(Path directory, Path recordings, String name) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      return null;
    }
    Path file = null;
    Path dir = realPath(directory);
    if (dir != null) {
      file = directlyInside(dir, name);
      if (file == null) {
        file = directlyInside(dir.resolve(SUBDIRECTORY), name);
      }
    }
    Path named = file == null && recordings != null ? realPath(recordings) : null;
    return named != null ? directlyInside(named, name) : file;
  }

  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code dir/name} when it is a regular file whose real path is directly inside {@code dir}, else null.
   * {@code dir} must be a real path itself for anything to be found (a link to a directory never is).
   */
  private static Path directlyInside(Path dir, String name) {
    try {
      Path file = dir.resolve(name).normalize();
      if (!dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
        return null;
      }
      Path real = file.toRealPath();
      return dir.equals(real.getParent()) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }
}
