package dev.voicelog.audio.record;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.audio.format.AudioFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Records both sides of a call into one stereo WAV file on the session's clock: left channel the user,
 * right channel the agent, one sample rate.
 *
 * <h2>Where audio goes</h2>
 * Sample {@code i} of the file is the instant {@code origin + i / rate} of the session's monotonic clock
 * ({@link Session#nanoTime()}); {@code RECORDING_SAVED} gives that origin as {@code start_t}, on the same
 * scale as every event's {@code t}, so an event at {@code t} is at sample {@code (t - start_t) * rate}.
 * <ul>
 *   <li><b>User audio</b> is placed where the caller says it starts: {@link #user(byte[], int, int, AudioFormat, long)}
 *       (a Twilio tap maps {@code media.timestamp} onto the session's clock), or by arrival:
 *       {@link #userArrived} puts a frame so it ends when it arrived, and closes gaps shorter than the
 *       builder's {@code arrivalJitter} so network jitter does not chop the audio.</li>
 *   <li><b>Agent audio</b> is placed where it is actually played: {@link #agent} queues it on a playout model
 *       that plays in real time from arrival, one piece after another; faster-than-real-time audio waits its
 *       turn, slower audio leaves silence. {@link #clear()} (Twilio {@code clear}, a barge-in) and
 *       {@link #clearAt(long)} (a Realtime {@code conversation.item.truncate}) discard what had not played.</li>
 *   <li>Gaps are silence. Frames of any {@link AudioFormat} are decoded and resampled on the way in.</li>
 * </ul>
 *
 * <h2>Threads, blocking, failure</h2>
 * Every method may be called from any thread. The audio methods never block and never throw because of
 * the recording: they copy the frame and hand it to the recorder's own thread through a bounded queue
 * ({@link Builder#queueCapacity}); a frame that does not fit is dropped and counted
 * ({@link #droppedFrames()}). The playout arithmetic runs on the caller's thread under a short lock, so
 * {@link #agent} and {@link #clear()} answer at once. The recorder thread wakes once a {@link Builder#tick}
 * (earlier for a flush, the end, or a queue half full), then decodes, resamples, and writes
 * the file continuously: everything older than {@link Builder#maxLateness} (how late user audio may arrive
 * and still be placed exactly) is on disk within a {@link Builder#tick}, with the WAV header's sizes
 * updated, so a crash leaves a file sox can open. Audio that arrives later than that is placed at the
 * horizon and counted as late. Arguments that are wrong (null format, bad offsets) throw
 * {@link IllegalArgumentException} or {@link NullPointerException} at once, as any Java API does.
 *
 * <p>{@link #end()} (or {@link #close()}) ends the recording at the current time (agent audio still queued then was never
 * played and is cut), waits at most {@link Builder#closeTimeout} for the file to be complete, and logs
 * {@code RECORDING_SAVED} through the session. Close the recorder before ending the session.
 */
public final class CallRecorder implements AutoCloseable {
  /** The recording's sample rate, in Hz, unless {@link Builder#sampleRate} says otherwise. */
  public static final int DEFAULT_SAMPLE_RATE = 16_000;
  /** How late user audio may arrive and still be placed exactly, unless {@link Builder#maxLateness} says otherwise. */
  public static final Duration DEFAULT_MAX_LATENESS = Duration.ofSeconds(2);
  /** Gaps up to this long between user frames placed by arrival are closed ({@link Builder#arrivalJitter}). */
  public static final Duration DEFAULT_ARRIVAL_JITTER = Duration.ofMillis(30);
  /** How often the recorder thread writes to the file, unless {@link Builder#tick} says otherwise. */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(200);
  /** How long {@link #end()} waits for the file to be complete, unless {@link Builder#closeTimeout} says otherwise. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** Frames the queue to the recorder thread holds, unless {@link Builder#queueCapacity} says otherwise. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4096;
  /** Most audio held in memory ahead of the file, unless {@link Builder#maxBuffered} says otherwise. */
  public static final Duration DEFAULT_MAX_BUFFERED = Duration.ofMinutes(5);

  private static final System.Logger LOG = System.getLogger("dev.voicelog.audio.record");

  private final Session session;
  private final Path path;
  private final int rate;
  private final long origin;
  private final double startT;
  private final Duration closeTimeout;
  private final PlayoutListener listener;
  private final BlockingQueue<Command> queue;
  private final int queueCapacity;
  private final RecorderThread worker;
  private final Thread thread;
  private final AgentPlayout playout = new AgentPlayout();
  private final Object lock = new Object();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean listenerFailed = new AtomicBoolean();
  private final boolean[] startedNew = new boolean[1];
  /** Where the user's audio placed by arrival goes; guarded by {@link #lock}. */
  private final ArrivalPlacement userArrival;
  private volatile boolean saved;
  /** Open until the first {@link #end()} has its result: a concurrent call waits for it. */
  private final CountDownLatch ended = new CountDownLatch(1);

  private CallRecorder(Builder b) throws IOException {
    this.session = b.session;
    this.path = b.path;
    this.rate = b.sampleRate;
    this.origin = b.origin == Long.MIN_VALUE ? session.nanoTime() : b.origin;
    // t of the origin, by the same rule as every event's t (microseconds, floored)
    this.startT = Math.floorDiv(origin - session.startNanoTime(), 1_000L) / 1e6;
    this.userArrival = new ArrivalPlacement(b.arrivalJitter.toNanos());
    this.closeTimeout = b.closeTimeout;
    this.listener = b.listener;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.queueCapacity = b.queueCapacity;
    long maxBuffered = b.maxBuffered.toNanos() * rate / 1_000_000_000L;
    this.worker = new RecorderThread(queue, path, rate, origin, b.maxLateness.toNanos(), b.tick.toNanos(),
        (int) Math.min(Integer.MAX_VALUE - 16, maxBuffered), session::nanoTime, this::pollPlayout);
    worker.open();
    this.thread = new Thread(worker, "voicelog-recorder-" + session.id());
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A builder recording {@code session} into the WAV file {@code path}: replaced if it exists, created
   * owner-only (0600 on POSIX file systems, like the logs: it holds callers' voices), with its directory
   * created 0700 when missing.
   */
  public static Builder builder(Session session, Path path) {
    return new Builder(session, path);
  }

  /** The WAV file being written. */
  public Path path() {
    return path;
  }

  /** The recording's sample rate, in Hz. */
  public int sampleRate() {
    return rate;
  }

  /** The session-clock reading of sample 0. */
  public long originNanos() {
    return origin;
  }

  /** The session's {@code t} of sample 0, in seconds: {@code sample = (t - startT) * rate}. */
  public double startT() {
    return startT;
  }

  /** Frames dropped because the recorder's queue was full (or the recorder closed). */
  public long droppedFrames() {
    return dropped.sum();
  }

  /**
   * User audio whose first sample was captured at {@code startNanos} (the session's clock). Copies the
   * bytes; never blocks.
   */
  public void user(byte[] audio, int off, int len, AudioFormat format, long startNanos) {
    enqueue(new Command.Frame(Mix.USER, copy(audio, off, len, format), format, startNanos));
  }

  /** {@link #user(byte[], int, int, AudioFormat, long)} for a whole array. */
  public void user(byte[] audio, AudioFormat format, long startNanos) {
    user(audio, 0, audio.length, format, startNanos);
  }

  /**
   * User audio placed by its arrival, now: it ends now (its last sample was just captured). A gap to the
   * previous such frame shorter than the arrival jitter is closed, so jitter does not chop the audio; the
   * placement error stays under that jitter.
   */
  public void userArrived(byte[] audio, int off, int len, AudioFormat format) {
    byte[] frame = copy(audio, off, len, format);
    long start;
    synchronized (lock) {
      start = userArrival.place(session.nanoTime(), format.durationNanos(frame.length));
    }
    enqueue(new Command.Frame(Mix.USER, frame, format, start));
  }

  /**
   * Agent audio that arrived now, to be played after what is queued. Returns the session-clock time it
   * starts playing. Tells the listener when it starts a playback after silence (and, first, when the
   * previous one finished). Copies the bytes; never blocks.
   */
  public long agent(byte[] audio, int off, int len, AudioFormat format) {
    return agent(audio, off, len, format, session.nanoTime());
  }

  /**
   * Agent audio that arrived at {@code arrivedNanos} (the session's clock; not in the future, and in order:
   * a relay passes the moment it read the message, which may be a little before this call). Otherwise as
   * {@link #agent(byte[], int, int, AudioFormat)}.
   */
  public long agent(byte[] audio, int off, int len, AudioFormat format, long arrivedNanos) {
    byte[] frame = copy(audio, off, len, format);
    long start;
    boolean startedPlayback;
    synchronized (lock) {
      reportFinished(arrivedNanos);
      start = playout.offer(arrivedNanos, format.durationNanos(frame.length), startedNew);
      startedPlayback = startedNew[0];
      enqueue(new Command.Frame(Mix.AGENT, frame, format, start));
    }
    if (startedPlayback) {
      notifyListener(true, start, 0);
    }
    return start;
  }

  /** {@link #agent(byte[], int, int, AudioFormat)} for a whole array. */
  public long agent(byte[] audio, AudioFormat format) {
    return agent(audio, 0, audio.length, format);
  }

  /** Whether agent audio is playing (or queued to play) now. */
  public boolean agentPlaying() {
    synchronized (lock) {
      return playout.playing(session.nanoTime());
    }
  }

  /** When the agent audio queued so far will have played (session clock); in the past when idle. */
  public long agentPlayEnd() {
    synchronized (lock) {
      return playout.playEnd();
    }
  }

  /** The agent is interrupted now: its unplayed audio is discarded. Never blocks. */
  public Interruption clear() {
    return clearAt(session.nanoTime());
  }

  /**
   * Cuts the agent's audio at {@code atNanos} (the session's clock; clamped to the start of the current
   * playback): what would have played from there on is discarded. For a truncation reported after the
   * fact (a Realtime client's {@code conversation.item.truncate} with {@code audio_end_ms}: item start plus
   * that). A cut older than the lateness horizon can no longer change what is on disk. Never blocks.
   */
  public Interruption clearAt(long atNanos) {
    Interruption result;
    synchronized (lock) {
      reportFinished(Math.min(atNanos, session.nanoTime()));
      result = playout.cut(atNanos);
      if (result.wasPlaying()) {
        enqueue(new Command.Cut(result.atNanos()));
      }
    }
    return result;
  }

  /**
   * Writes everything older than the lateness horizon to the file now and waits (at most
   * {@code timeout}) until it has. Returns whether it finished in time. For tools that read the file
   * while the call goes on; recording never needs it.
   */
  public boolean flush(Duration timeout) {
    CountDownLatch done = new CountDownLatch(1);
    if (closed.get() || !queue.offer(new Command.Flush(done))) {
      return false;
    }
    LockSupport.unpark(thread);
    try {
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Ends the recording now: cuts agent audio not yet played (a playback still going is told to the listener,
   * {@link PlayoutListener#endedWhilePlaying}), writes the rest, closes the file with exact sizes and logs
   * {@code RECORDING_SAVED}. Blocks at most the close timeout. Returns whether the file is
   * complete (false after a write failure, a timeout, or dropped frames). A call made while the first is
   * still ending waits for the first's result (within the close timeout); later calls return it at once.
   */
  public boolean end() {
    if (!closed.compareAndSet(false, true)) {
      try {
        ended.await(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return saved;
    }
    try {
      long now = session.nanoTime();
      synchronized (lock) {
        reportFinished(now);
        Interruption cut = playout.cut(now);
        if (cut.wasPlaying()) { // no silence follows to end this playback: say where the file stops it
          try {
            listener.endedWhilePlaying(cut.atNanos(), cut.playedNanos());
          } catch (RuntimeException e) {
            listenerFailed(e);
          }
        }
      }
      Command close = new Command.Close(now);
      long deadline = System.nanoTime() + closeTimeout.toNanos(); // one timeout for the offer and the join together
      try {
        // Room is made for the close command by waiting on the worker, within the timeout.
        LockSupport.unpark(thread);
        if (queue.offer(close, closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
          LockSupport.unpark(thread);
        } else {
          thread.interrupt();
        }
        TimeUnit.NANOSECONDS.timedJoin(thread, deadline - System.nanoTime()); // returns at once when none is left
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      RecorderThread.Result r = worker.result();
      if (r != null) {
        logSaved(r);
        saved = r.failure() == null && droppedFrames() == 0 && r.droppedSamples() == 0;
      } else {
        LOG.log(System.Logger.Level.WARNING, "voicelog recorder did not finish " + path + " within " + closeTimeout);
      }
    } finally {
      ended.countDown();
    }
    return saved;
  }

  /** {@link #end()}, for try-with-resources. */
  @Override
  public void close() {
    end();
  }

  private void logSaved(RecorderThread.Result r) {
    session.event(EventType.RECORDING_SAVED)
        .put("path", path.toAbsolutePath().toString())
        .put("start_t", Math.round(startT * 1e6) / 1e6)
        .put("sample_rate", rate)
        .put("channels", 2)
        .put("left", "user")
        .put("right", "agent")
        .put("frames", r.frames())
        .put("duration_s", Math.round(r.frames() * 1e6 / rate) / 1e6)
        .put("dropped_frames", droppedFrames())
        .put("late_samples", r.lateSamples())
        .put("clipped_samples", r.clippedSamples())
        .put("complete", r.failure() == null)
        .log();
  }

  private void pollPlayout() {
    synchronized (lock) {
      reportFinished(session.nanoTime());
    }
  }

  /** Under {@link #lock}: tells the listener of a playback that ended by {@code now}. */
  private void reportFinished(long now) {
    AgentPlayout.Finished f = playout.poll(now);
    if (f != null) {
      notifyListener(false, f.atNanos(), f.playedNanos());
    }
  }

  /** Calls the listener (on the caller's thread, without allocating); what it throws goes no further. */
  private void notifyListener(boolean started, long at, long played) {
    try {
      if (started) {
        listener.started(at);
      } else {
        listener.finished(at, played);
      }
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /** A listener threw: reported once. */
  private void listenerFailed(RuntimeException e) {
    if (listenerFailed.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "voicelog recorder: playout listener threw (reported once)", e);
    }
  }

  private void enqueue(Command c) {
    if (closed.get() || !queue.offer(c)) {
      dropped.increment();
    } else if (queue.remainingCapacity() < queueCapacity / 2) {
      LockSupport.unpark(thread); // a burst: take it now rather than at the next tick
    }
  }

  private static byte[] copy(byte[] audio, int off, int len, AudioFormat format) {
    Objects.requireNonNull(format, "format");
    Objects.checkFromIndexSize(off, len, audio.length);
    byte[] frame = new byte[len - len % format.bytesPerFrame()];
    System.arraycopy(audio, off, frame, 0, frame.length);
    return frame;
  }

  /**
   * Validating builder; every setting has a named default. Not thread-safe: configure and build it on one thread.
   */
  public static final class Builder {
    private final Session session;
    private final Path path;
    private int sampleRate = DEFAULT_SAMPLE_RATE;
    private long origin = Long.MIN_VALUE;
    private Duration maxLateness = DEFAULT_MAX_LATENESS;
    private Duration arrivalJitter = DEFAULT_ARRIVAL_JITTER;
    private Duration tick = DEFAULT_TICK;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration maxBuffered = DEFAULT_MAX_BUFFERED;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private PlayoutListener listener = PlayoutListener.NONE;

    private Builder(Session session, Path path) {
      this.session = Objects.requireNonNull(session, "session");
      this.path = Objects.requireNonNull(path, "path");
    }

    /** The recording's sample rate (8000 to 48000 Hz; default 16000). */
    public Builder sampleRate(int hz) {
      if (hz < 8_000 || hz > 48_000) {
        throw new IllegalArgumentException("sampleRate must be 8000 to 48000: " + hz);
      }
      this.sampleRate = hz;
      return this;
    }

    /** The session-clock reading of sample 0 (default: when {@link #build()} runs). Not in the future. */
    public Builder origin(long nanoTime) {
      this.origin = nanoTime;
      return this;
    }

    /** How late user audio may arrive and still be placed exactly (default 2 s): the file lags by this much. */
    public Builder maxLateness(Duration d) {
      this.maxLateness = positive(d, "maxLateness", Duration.ofMinutes(1));
      return this;
    }

    /** Gaps shorter than this between frames placed by arrival are closed (default 30 ms). */
    public Builder arrivalJitter(Duration d) {
      this.arrivalJitter = nonNegative(d, "arrivalJitter");
      return this;
    }

    /** How often the recorder writes to the file and checks the playout queue (default 200 ms). */
    public Builder tick(Duration d) {
      this.tick = positive(d, "tick", Duration.ofSeconds(10));
      return this;
    }

    /** Longest {@link CallRecorder#close()} waits for the file (default 10 s). */
    public Builder closeTimeout(Duration d) {
      this.closeTimeout = positive(d, "closeTimeout", Duration.ofMinutes(10));
      return this;
    }

    /** Most audio held in memory ahead of the file: queued agent audio and the lateness window (default 5 min). */
    public Builder maxBuffered(Duration d) {
      this.maxBuffered = positive(d, "maxBuffered", Duration.ofHours(1));
      return this;
    }

    /** Frames the queue to the recorder thread holds (default 4096: over a minute of 20 ms frames). */
    public Builder queueCapacity(int frames) {
      if (frames < 16 || frames > 1 << 20) {
        throw new IllegalArgumentException("queueCapacity must be 16 to 1048576: " + frames);
      }
      this.queueCapacity = frames;
      return this;
    }

    /** Told when agent audio starts and finishes playing (see {@link PlayoutListener} for its threads). */
    public Builder listener(PlayoutListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Creates the file (0600, and its missing directories 0700, on POSIX file systems; a file already there
     * is deleted first), writes its header and starts the recorder thread. Throws if the file cannot be
     * created.
     */
    public CallRecorder build() throws IOException {
      if (origin != Long.MIN_VALUE && origin > session.nanoTime()) {
        throw new IllegalArgumentException("origin is in the future");
      }
      return new CallRecorder(this);
    }

    private static Duration positive(Duration d, String name, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be positive and at most " + max + ": " + d);
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
