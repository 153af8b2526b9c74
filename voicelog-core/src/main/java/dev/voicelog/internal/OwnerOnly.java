package dev.voicelog.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner may read: what voicelog writes is people's speech (logs with
 * transcripts, recordings), so every directory it creates is {@code 0700} and every file {@code 0600} on
 * POSIX file systems (elsewhere the defaults). The one place that says so, for the logger, the recorder
 * and the command. Not an API: it may change in any release. Stateless and thread-safe; blocking I/O.
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  /**
   * Creates {@code dir} and its missing parents, each {@code 0700}. A directory that exists already keeps its
   * mode; one created meanwhile by another process is fine.
   *
   * @throws IOException when it cannot be created (a file in the way, no permission)
   */
  public static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir, posix("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(dir)) {
        throw raced;
      }
    }
  }

  /**
   * Opens {@code path} with {@code options}; a file it creates is {@code 0600}.
   *
   * @throws IOException as {@link FileChannel#open(Path, Set, FileAttribute[])}
   */
  public static FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
    try {
      return FileChannel.open(path, options, posix("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      return FileChannel.open(path, options);
    }
  }

  private static FileAttribute<?> posix(String perms) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms));
  }
}
