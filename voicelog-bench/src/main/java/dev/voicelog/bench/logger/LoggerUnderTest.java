package dev.voicelog.bench.logger;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One logger in the comparison: it logs the {@link SampleEvent}, says when everything logged so far has
 * reached the operating system, and proves it by the lines in its files. The benchmarks check them after
 * every iteration ({@link #verifyAllWritten()}), so a logger that drops events cannot look fast.
 *
 * <p>Not thread-safe: one benchmark thread logs, the logger's own background thread writes.
 */
abstract class LoggerUnderTest implements AutoCloseable {
  /** The logger's directory: every file in it is the logger's. */
  final Path dir;
  private long expectedLines;

  LoggerUnderTest(Path dir) {
    this.dir = dir;
  }

  /** Logs the sample event number {@code i} on the caller's thread: the path every figure is about. */
  final void log(int i) {
    write(i);
    expectedLines++;
  }

  /** The logger's own call for the sample event number {@code i}. */
  abstract void write(int i);

  /** Lines the logger writes of its own accord (voicelog's SESSION_START), to be expected on disk. */
  final void expectExtraLines(int n) {
    expectedLines += n;
  }

  /** Waits until every event logged so far has been written to its file (handed to the OS). */
  abstract void awaitWritten();

  /** Events the logger itself says it lost (0 when it cannot lose any). */
  abstract long droppedEvents();

  /** Empties the logger's files; called only when everything was written and the writer is idle. */
  abstract void discardFiles() throws IOException;

  @Override
  public abstract void close();

  /** Empties the files between iterations, so a run does not fill the disk or wait for write-back. */
  final void discardWritten() throws IOException {
    discardFiles();
    expectedLines = 0;
  }

  /**
   * Waits for the writer, then fails the benchmark unless every logged event is a line on disk, and the
   * lines are as long as events (a logger that writes empty lines would pass a count alone).
   *
   * @throws IllegalStateException naming the logger and the counts when they differ
   */
  final void verifyAllWritten() throws IOException {
    awaitWritten();
    long lines = BenchFiles.countLines(dir);
    long bytes = BenchFiles.size(dir);
    if (lines != expectedLines || droppedEvents() != 0 || bytes < lines * SampleEvent.MIN_LINE_BYTES) {
      throw new IllegalStateException(this + ": " + expectedLines + " lines expected, " + lines + " on disk ("
          + bytes + " bytes), " + droppedEvents() + " dropped: the measurement is void");
    }
  }
}
