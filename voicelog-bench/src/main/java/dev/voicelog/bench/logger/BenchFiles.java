package dev.voicelog.bench.logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files of a benchmark run: counting their lines, emptying them, removing them. */
final class BenchFiles {
  private BenchFiles() {}

  /** A fresh directory under {@code java.io.tmpdir} (override with {@code -Djava.io.tmpdir=} to move the files). */
  static Path newDirectory(String logger) throws IOException {
    return Files.createTempDirectory("voicelog-bench-" + logger + "-");
  }

  /** The regular files of {@code dir}, sorted. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Newlines in every file of {@code dir}: each logger ends every line with one. */
  static long countLines(Path dir) throws IOException {
    long lines = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    for (Path f : files(dir)) {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        buf.clear();
        while (ch.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            if (buf.get() == '\n') {
              lines++;
            }
          }
          buf.clear();
        }
      }
    }
    return lines;
  }

  /** Bytes in every file of {@code dir}. */
  static long size(Path dir) throws IOException {
    long bytes = 0;
    for (Path f : files(dir)) {
      bytes += Files.size(f);
    }
    return bytes;
  }

  /**
   * Truncates every file of {@code dir} to zero bytes. The kernel then never writes the discarded pages
   * back to the device, which would slow the next iteration (and the other users of the machine).
   */
  static void truncateAll(Path dir) throws IOException {
    for (Path f : files(dir)) {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
    }
  }

  /** Deletes {@code dir} and everything in it; a missing directory is fine. */
  static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
