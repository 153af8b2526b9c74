package dev.voicelog;

import dev.voicelog.internal.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends whole lines to the rotated JSONL files of one directory. Used by the writer thread only.
 *
 * <p><b>Several processes, one directory.</b> Every batch of whole lines is appended under an exclusive
 * lock: an in-process lock per file (two {@code VoiceLog}s of one JVM) and then an OS advisory lock
 * ({@code fcntl}) on the file (other processes). Under the lock the appender
 * <ol>
 *   <li>ends a line another process left torn (killed mid-write) with a newline, so it cannot splice into
 *       ours;</li>
 *   <li>writes the batch with O_APPEND; and</li>
 *   <li>if the write fails part way (disk full), truncates the file back to where the batch began, so a
 *       failure never leaves half a line in the middle of the file.</li>
 * </ol>
 * The directory is created 0700 and files 0600 (on POSIX file systems), so other users cannot read what
 * was said.
 *
 * <p><b>A file removed or moved while open</b> (someone's {@code rm}, a logrotate {@code mv}) would
 * otherwise take every later line into an unlinked inode or a renamed file. Before each batch the
 * appender compares the path's file key (device and inode) with the open file's (one {@code stat} per
 * batch, on the writer thread) and, when they differ, reopens the path, creating it anew and warning once
 * through {@link System.Logger}.
 *
 * <p><b>Every close is durable.</b> At most {@value #MAX_OPEN_FILES} files stay open (the two written
 * to last: as a rule the current period's and the one before, for events that arrive late). A file is
 * closed when a third pushes it out, when it was removed or moved away, after a failed write, and when the
 * log closes. Whichever it is, a file written to since it was last synced is forced to the device
 * ({@code fsync}: {@code FileChannel.force(false)}) before it is closed, so what was counted as written
 * survives a power loss once its file is closed. A sync that fails is reported through
 * {@link System.Logger} and the file is closed all the same: its lines are with the operating system, and
 * nothing more can be done for them.
 */
final class JsonlFileAppender {
  private static final int MAX_OPEN_FILES = 2;
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();
  private static final byte[] NEWLINE = {'\n'};
  private static final System.Logger LOG = System.getLogger("dev.voicelog");

  private final Path dir;
  private final Rotation rotation;
  private final Opener opener;
  private final List<OpenFile> open = new ArrayList<>(MAX_OPEN_FILES + 1);
  private final ByteBuffer oneByte = ByteBuffer.allocate(1);

  /** How a file is opened for appending: {@link #openAppend}, or in tests a channel that notes what is done to it. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path path) throws IOException;
  }

  JsonlFileAppender(Path dir, Rotation rotation) {
    this(dir, rotation, JsonlFileAppender::openAppend);
  }

  JsonlFileAppender(Path dir, Rotation rotation, Opener opener) {
    this.dir = dir.toAbsolutePath().normalize();
    this.rotation = rotation;
    this.opener = opener;
  }

  Path directory() {
    return dir;
  }

  Path fileFor(long period) {
    return dir.resolve(UtcTime.fileName(rotation, period));
  }

  /** Appends {@code len} bytes of whole lines to the file of {@code period}. On failure nothing stays written. */
  @SuppressWarnings("try") // the OS lock is held for the block, not used in it
  void append(long period, byte[] bytes, int off, int len) throws IOException {
    OpenFile f = file(period);
    if (!f.stillAtItsPath()) {
      LOG.log(System.Logger.Level.WARNING, "voicelog: " + f.path + " was removed or replaced while open; writing to a new "
          + f.path.getFileName() + " from here");
      open.remove(f);
      close(f);
      f = file(period);
    }
    ReentrantLock inProcess = inProcessLock(f.path);
    inProcess.lock();
    try (FileLock otherProcesses = f.channel.lock()) { // closed after a failure keeps the failure, not its own
      appendLocked(f, bytes, off, len);
    } catch (IOException | RuntimeException e) {
      closeAll();
      throw e;
    } finally {
      inProcess.unlock();
    }
  }

  /**
   * Under both locks: the bytes after a complete last line (a newline first if another writer left half a
   * line), and on failure the file cut back to where it was.
   */
  private void appendLocked(OpenFile f, byte[] bytes, int off, int len) throws IOException {
    long start = f.channel.size();
    if (start != f.expectedSize && start > 0 && lastByte(f, start) != '\n') {
      f.channel.write(ByteBuffer.wrap(NEWLINE));
      start++;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
      f.unsynced = true;
      while (b.hasRemaining()) {
        f.channel.write(b);
      }
      f.expectedSize = start + len;
    } catch (IOException e) {
      truncateQuietly(f.channel, start);
      throw e;
    }
  }

  /** The lock every appender of this JVM takes before the OS lock on {@code file}. */
  static ReentrantLock inProcessLock(Path file) {
    return IN_PROCESS_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
  }

  /** The file's last byte, through a read-only channel (Java opens no channel for both READ and APPEND). */
  private byte lastByte(OpenFile f, long size) throws IOException {
    if (f.reader == null) {
      f.reader = FileChannel.open(f.path, StandardOpenOption.READ);
    }
    oneByte.clear();
    f.reader.read(oneByte, size - 1);
    return oneByte.get(0);
  }

  private static void truncateQuietly(FileChannel ch, long size) {
    try {
      ch.truncate(size);
    } catch (IOException ignored) {
      // The caller reports the write's own failure; the truncation was our best effort to undo it.
    }
  }

  private OpenFile file(long period) throws IOException {
    for (int i = 0; i < open.size(); i++) {
      OpenFile f = open.get(i);
      if (f.period == period) {
        if (i != 0) { // most recently used first
          open.remove(i);
          open.add(0, f);
        }
        return f;
      }
    }
    createDirectory();
    Path path = fileFor(period);
    FileChannel ch = opener.open(path);
    OpenFile f = new OpenFile(period, path, ch, fileKey(path));
    open.add(0, f);
    while (open.size() > MAX_OPEN_FILES) {
      close(open.remove(open.size() - 1));
    }
    return f;
  }

  /** The device and inode of the file at {@code path}, or null if there is none (or the system has no keys). */
  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException gone) {
      return null;
    }
  }

  private void createDirectory() throws IOException {
    OwnerOnly.createDirectories(dir);
  }

  static FileChannel openAppend(Path path) throws IOException {
    return OwnerOnly.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  /** Syncs and closes every open file (see the class comment: every close is durable). */
  void closeAll() {
    for (OpenFile f : open) {
      close(f);
    }
    open.clear();
  }

  /** The one way a file is closed: synced first if written to since its last sync, a failed sync reported. */
  private static void close(OpenFile f) {
    try {
      if (f.unsynced) {
        f.channel.force(false);
        f.unsynced = false;
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "voicelog: could not sync " + f.path + " before closing it: " + e);
    } finally {
      closeQuietly(f);
    }
  }

  private static void closeQuietly(OpenFile f) {
    try {
      f.channel.close();
      if (f.reader != null) {
        f.reader.close();
      }
    } catch (IOException ignored) {
      // closing a channel we are giving up on: nothing left to save
    }
  }

  private static final class OpenFile {
    final long period;
    final Path path;
    final FileChannel channel;
    /** Opened the first time another process is seen to have written: to check its last line ended. */
    FileChannel reader;
    /** Written to since it was last forced to the device: closing it must force it first. */
    boolean unsynced;
    /** The size after our last append; if the file still has it, nobody else wrote since. */
    long expectedSize = -1;
    /** The file's device and inode when opened; null where the file system has none (then never checked). */
    final Object fileKey;

    OpenFile(long period, Path path, FileChannel channel, Object fileKey) {
      this.period = period;
      this.path = path;
      this.channel = channel;
      this.fileKey = fileKey;
    }

    /** Whether the path still names the file this channel writes (not removed, moved away or replaced). */
    boolean stillAtItsPath() {
      return fileKey == null || fileKey.equals(fileKey(path));
    }
  }
}
