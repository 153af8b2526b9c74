package dev.voicelog.audio.wav;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.internal.OwnerOnly;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Writes a WAV file as audio arrives: mono or stereo (any channel count to 8), 16-bit PCM, mu-law or A-law.
 *
 * <h2>Crash safety</h2>
 * The header is written first, with sizes of zero, and its sizes are rewritten after every batch of audio
 * reaches the file ({@link #flush()}, or the buffer of {@link #BUFFER_BYTES} filling). Audio first, then
 * the sizes that cover it: a process killed at any moment leaves a well-formed file whose header counts
 * only audio that is there; at most the unflushed buffer is lost. {@link #close()} writes the exact sizes
 * (and the pad byte RIFF wants after odd-sized data).
 *
 * <p>WAV size fields are 32-bit: audio past 4 GiB is not written and counted in {@link #droppedFrames()}.
 *
 * <p><b>Threads, blocking, failure.</b> Not thread-safe: one writer thread. Every method does file I/O
 * (only {@code flush}, {@code close} and a full buffer touch the disk) and throws {@link IOException} when
 * it fails; after a failure the file holds what the last successful flush described.
 */
public final class WavWriter implements Closeable {
  /** Audio buffered before it is written (and the header updated). */
  public static final int BUFFER_BYTES = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final WavHeader header;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final byte[] encoded = new byte[BUFFER_BYTES];
  private long dataBytes;
  private long droppedFrames;
  private boolean closed;

  private WavWriter(Path path, FileChannel channel, WavHeader header) {
    this.path = path;
    this.channel = channel;
    this.header = header;
  }

  /**
   * Creates (or replaces) {@code path} and writes the header. Throws {@link IllegalArgumentException} for a
   * format WAV does not hold (big-endian PCM).
   */
  public static WavWriter create(Path path, AudioFormat format) throws IOException {
    return create(path, format, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Like {@link #create(Path, AudioFormat)} but fails if the file exists (nothing the user has is overwritten). */
  public static WavWriter createNew(Path path, AudioFormat format) throws IOException {
    return create(path, format, StandardOpenOption.CREATE_NEW);
  }

  /**
   * Like {@link #create(Path, AudioFormat)}, for a file that holds people's voices: a file already at
   * {@code path} is deleted, not truncated, and a new one is created readable and writable by its owner only
   * (0600 on a POSIX file system; elsewhere with the file system's defaults). So the old file's wider
   * permissions are not inherited, and a link at {@code path} is replaced, not written through. Throws
   * {@link FileAlreadyExistsException} when {@code path} is a directory, or when another file
   * appears there between the delete and the create.
   */
  public static WavWriter createPrivate(Path path, AudioFormat format) throws IOException {
    WavHeader header = new WavHeader(format);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(path.toString(), null, "is a directory");
    }
    Files.deleteIfExists(path);
    return start(path, OwnerOnly.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), header);
  }

  private static WavWriter create(Path path, AudioFormat format, OpenOption... options) throws IOException {
    WavHeader header = new WavHeader(format);
    OpenOption[] all = new OpenOption[options.length + 1];
    System.arraycopy(options, 0, all, 0, options.length);
    all[options.length] = StandardOpenOption.WRITE;
    return start(path, FileChannel.open(path, all), header);
  }

  /** Writes the header into the newly opened {@code ch} (closing it if that fails). */
  private static WavWriter start(Path path, FileChannel ch, WavHeader header) throws IOException {
    try {
      writeFully(ch, header.bytes(0), 0);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new WavWriter(path, ch, header);
  }

  /** The file being written. */
  public Path path() {
    return path;
  }

  /** The format of the audio it holds, as its header says. */
  public AudioFormat format() {
    return header.format;
  }

  /** Frames accepted so far (written or buffered). */
  public long frames() {
    return header.format.frames(dataBytes + buffer.position());
  }

  /** Frames not written because the file reached the WAV size limit. */
  public long droppedFrames() {
    return droppedFrames;
  }

  /** Encodes and appends {@code frames} frames of interleaved 16-bit samples from {@code off}. */
  public void write(short[] interleaved, int off, int frames) throws IOException {
    int channels = header.format.channels();
    int bytesPerFrame = header.format.bytesPerFrame();
    int maxFrames = BUFFER_BYTES / bytesPerFrame;
    while (frames > 0) {
      int n = Math.min(frames, maxFrames);
      header.format.encoding().encode(interleaved, off, n * channels, encoded, 0);
      writeEncoded(encoded, 0, n * bytesPerFrame);
      off += n * channels;
      frames -= n;
    }
  }

  /** Appends bytes already in the file's encoding (whole frames). */
  public void writeEncoded(byte[] data, int off, int len) throws IOException {
    ensureOpen();
    int bytesPerFrame = header.format.bytesPerFrame();
    long room = header.maxDataBytes() - dataBytes - buffer.position();
    if (len > room) {
      long keep = Math.max(0, room) / bytesPerFrame * bytesPerFrame;
      droppedFrames += (len - keep) / bytesPerFrame;
      len = (int) keep;
    }
    while (len > 0) {
      int n = Math.min(len, buffer.remaining());
      buffer.put(data, off, n);
      off += n;
      len -= n;
      if (!buffer.hasRemaining()) {
        flush();
      }
    }
  }

  /** Writes buffered audio, then rewrites the header's sizes to cover it. Does not fsync. */
  public void flush() throws IOException {
    ensureOpen();
    if (buffer.position() > 0) {
      buffer.flip();
      int n = buffer.remaining();
      writeFully(channel, buffer, header.size + dataBytes);
      buffer.clear();
      dataBytes += n;
    }
    writeSizes();
  }

  private void writeSizes() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    writeFully(channel, b.putInt(0, (int) header.riffSize(dataBytes)).clear(), header.riffSizeAt);
    if (header.factAt >= 0) {
      writeFully(channel, b.putInt(0, (int) header.format.frames(dataBytes)).clear(), header.factAt);
    }
    writeFully(channel, b.putInt(0, (int) dataBytes).clear(), header.dataSizeAt);
  }

  /** Flushes, pads odd data as RIFF requires, writes the exact sizes and closes. Later calls do nothing. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      flush();
      if ((dataBytes & 1) != 0) {
        writeFully(channel, ByteBuffer.wrap(new byte[1]), header.size + dataBytes);
      }
    } finally {
      closed = true;
      channel.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(path + ": WAV writer is closed");
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      position += ch.write(b, position);
    }
  }
}
