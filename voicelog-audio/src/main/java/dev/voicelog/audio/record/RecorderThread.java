package dev.voicelog.audio.record;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.wav.WavWriter;
import dev.voicelog.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The recorder's one thread: takes commands in order, places audio in the {@link Mix}, and writes to the
 * WAV file every frame older than the lateness horizon ({@code now - maxLateness}), so the file grows in
 * real time, silence included, and its header is updated on every tick.
 *
 * <p>Failure: an I/O error is reported once through {@link System.Logger}; the thread keeps draining
 * commands (so callers never back up) but writes nothing more, and the result says the file is incomplete.
 */
final class RecorderThread implements Runnable {
  private static final System.Logger LOG = System.getLogger("dev.voicelog.audio.record");

  private final BlockingQueue<Command> queue;
  private final Path path;
  private final int rate;
  private final long origin;
  private final long maxLatenessNanos;
  private final long tickNanos;
  private final LongSupplier clock;
  private final Runnable onTick;
  private final Mix mix;
  private final Track[] tracks;
  private final short[] chunk = new short[2 * 8192];
  private WavWriter wav;
  private IOException failure;
  private volatile Result result;

  /** What the recording came to. */
  record Result(long frames, long closeNanos, long lateSamples, long droppedSamples, long clippedSamples, IOException failure) {}

  RecorderThread(BlockingQueue<Command> queue, Path path, int rate, long origin, long maxLatenessNanos, long tickNanos,
      int maxBufferedFrames, LongSupplier clock, Runnable onTick) {
    this.queue = queue;
    this.path = path;
    this.rate = rate;
    this.origin = origin;
    this.maxLatenessNanos = maxLatenessNanos;
    this.tickNanos = tickNanos;
    this.clock = clock;
    this.onTick = onTick;
    this.mix = new Mix(maxBufferedFrames);
    this.tracks = new Track[] {new Track(Mix.USER, rate, mix), new Track(Mix.AGENT, rate, mix)};
  }

  /**
   * Creates the file, and its directory when missing. A recording is the voices of people on a call: the
   * directories it creates are 0700 and the file 0600 (on POSIX file systems), as the logs are. A directory
   * that exists already is left as it is.
   */
  void open() throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (dir != null) {
      OwnerOnly.createDirectories(dir);
    }
    wav = WavWriter.createPrivate(path, AudioFormat.of(Encoding.PCM16LE, rate, 2));
  }

  Result result() {
    return result;
  }

  /** The output frame where the session-clock instant {@code nanos} belongs. */
  long position(long nanos) {
    return Math.round((nanos - origin) * (double) rate / 1e9);
  }

  /**
   * Sleeps a tick, then takes every command queued meanwhile: one wake-up per tick, not one per frame (a
   * hundred calls at 50 frames a second each would otherwise wake a hundred threads 5,000 times a second
   * and flush a hundred headers as often). {@link CallRecorder} wakes it early for a flush, for the close,
   * and when its queue is half full.
   */
  @Override
  public void run() {
    try {
      long lastTick = System.nanoTime();
      while (true) {
        for (Command c = queue.poll(); c != null; c = queue.poll()) {
          if (c instanceof Command.Close close) {
            finish(close.atNanos());
            return;
          }
          handle(c);
        }
        long now = System.nanoTime();
        if (now - lastTick >= tickNanos) {
          tick();
          lastTick = now;
        }
        LockSupport.parkNanos(this, lastTick + tickNanos - System.nanoTime());
        if (Thread.interrupted()) {
          finish(clock.getAsLong());
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "voicelog recorder failed; " + path + " is incomplete", e);
      failure = new IOException(e);
      finish(clock.getAsLong());
    }
  }

  private void handle(Command c) {
    if (c instanceof Command.Frame f) {
      tracks[f.channel()].place(f.audio(), f.format(), position(f.startNanos()));
    } else if (c instanceof Command.Cut cut) {
      tracks[Mix.AGENT].cut(position(cut.atNanos()));
    } else if (c instanceof Command.Flush flush) {
      tick();
      flush.done().countDown();
    }
  }

  private void tick() {
    onTick.run();
    write(position(clock.getAsLong() - maxLatenessNanos));
    if (wav != null && failure == null) {
      try {
        wav.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  private void write(long upTo) {
    while (mix.base < upTo) {
      int n = mix.take(upTo, chunk);
      if (wav != null && failure == null) {
        try {
          wav.write(chunk, 0, n);
        } catch (IOException e) {
          fail(e);
        }
      }
    }
  }

  private void fail(IOException e) {
    failure = e;
    LOG.log(System.Logger.Level.ERROR, "voicelog recorder cannot write " + path + "; recording stops here: " + e);
  }

  private void finish(long closeNanos) {
    // The agent's audio still queued at hang-up was never played.
    tracks[Mix.AGENT].cut(position(closeNanos));
    tracks[Mix.USER].endSegment();
    long length = Math.max(position(closeNanos), mix.end);
    write(length);
    long frames = mix.base;
    if (wav != null) {
      try {
        wav.close();
      } catch (IOException e) {
        if (failure == null) {
          fail(e);
        }
      }
    }
    Track u = tracks[Mix.USER];
    Track a = tracks[Mix.AGENT];
    result = new Result(frames, closeNanos, u.lateSamples + a.lateSamples, mix.droppedSamples,
        u.clippedSamples + a.clippedSamples, failure);
  }
}
