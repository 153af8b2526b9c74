package dev.voicelog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event log of a voice agent: open {@link Session}s on it, log their events, close it at exit.
 *
 * <pre>{@code
 * VoiceLog log = VoiceLog.fromEnvironment();          // VOICELOG_DIR, VOICELOG_ENABLED, ... (see VoiceLogBuilder)
 * try (Session call = log.startSession()) {
 *   call.event(EventType.TTS_START).put("voice", "alloy").log();
 * }
 * log.close();                                         // true: every accepted event is on disk
 * }</pre>
 *
 * <p>Events go through a bounded in-memory queue to one writer thread, which appends them as JSON lines
 * to {@code voicelog_events_YYYY-MM-DD.jsonl} files (see {@link Rotation}) and syncs them on close.
 *
 * <p><b>Thread safety.</b> All methods are thread-safe.
 *
 * <p><b>Blocking and failure.</b> Logging never does I/O on the caller's thread and never throws because
 * of I/O. With the default {@link OverflowPolicy#DROP} it never blocks either: when the queue is full the
 * event is dropped, counted ({@link #droppedEvents()}) and reported in an {@code EVENTS_DROPPED} line. A
 * file system that fails (full, read-only, gone) is reported once through {@link System.Logger} (logger
 * name {@code dev.voicelog}), its events are dropped and counted the same way, and writing resumes by
 * itself when it can. Only {@link #flush(Duration)} and {@link #close(Duration)} wait.
 *
 * <p><b>Several processes</b> may log into one directory: each batch of whole lines is appended under an
 * exclusive file lock, so lines never interleave or splice.
 */
public final class VoiceLog {
  private static final VoiceLog DISABLED = new VoiceLog();

  final MonotonicClock clock;
  final Redactor redactor;
  final EventWriter writer;
  final long audioStatsIntervalNanos;
  private final WallClock wallClock;
  private final Path directory;
  private final Duration closeTimeout;
  /** Open sessions by start order, so that close ends them in that order. */
  private final ConcurrentSkipListMap<Long, Session> open = new ConcurrentSkipListMap<>();
  private final AtomicLong sessionsStarted = new AtomicLong();
  private final Thread shutdownHook;
  private volatile Boolean closeResult;

  private VoiceLog() {
    clock = MonotonicClock.SYSTEM;
    wallClock = WallClock.SYSTEM;
    redactor = Redactor.NONE;
    writer = null;
    audioStatsIntervalNanos = Long.MAX_VALUE;
    directory = null;
    closeTimeout = Duration.ZERO;
    shutdownHook = null;
  }

  VoiceLog(VoiceLogBuilder b, int queueCapacity, byte[] redactionKey) {
    clock = b.monotonicClock;
    wallClock = b.wallClock;
    redactor = new Redactor(b.redaction, b.redactedFields, redactionKey);
    directory = b.directory.toAbsolutePath().normalize();
    closeTimeout = b.closeTimeout;
    audioStatsIntervalNanos = Nanos.of(b.audioStatsInterval);
    writer = new EventWriter(queueCapacity, new JsonlFileAppender(directory, b.rotation), b.rotation,
        b.overflow, clock, b.listeners.isEmpty() ? null : new LineDispatcher(b.listeners), () -> !open.isEmpty());
    if (b.shutdownHook) {
      shutdownHook = new Thread(() -> close(closeTimeout), "voicelog-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /** A builder with the named defaults of {@link VoiceLogBuilder}. */
  public static VoiceLogBuilder builder() {
    return new VoiceLogBuilder();
  }

  /**
   * A log configured from the process environment (the variables are listed on {@link VoiceLogBuilder}).
   *
   * @throws VoiceLogConfigException naming the variable, when one has a value that cannot be used
   */
  public static VoiceLog fromEnvironment() {
    return builder().fromEnvironment(System.getenv()).build();
  }

  /** A log that writes nothing and costs nothing: every session and event is a no-op. */
  public static VoiceLog disabled() {
    return DISABLED;
  }

  /** Whether events are written at all. */
  public boolean isEnabled() {
    return writer != null;
  }

  /** The directory the files are written to, or null when disabled. */
  public Path directory() {
    return directory;
  }

  /** The monotonic clock of this log: {@code t} and every explicit occurrence time use it. */
  public MonotonicClock clock() {
    return clock;
  }

  /** Starts a session with a generated id ({@code conv_} followed by a time-ordered unique suffix). */
  public Session startSession() {
    return startSession(SessionIds.next(wallClock.epochMicros()), Map.of());
  }

  /** Starts a session with the caller's id (a call id, a stream id): any non-blank string. */
  public Session startSession(String id) {
    return startSession(id, Map.of());
  }

  /**
   * Starts a session and logs its {@code SESSION_START} with {@code data} (provider, voice, model...).
   * Blank ids are replaced by a generated one rather than refused: logging never throws.
   */
  public Session startSession(String id, Map<String, ?> data) {
    long now = clock.nanoTime();
    String sessionId = id == null || id.isBlank() ? SessionIds.next(wallClock.epochMicros()) : id;
    if (writer == null) {
      return new Session(null, sessionId, 0, now, 0);
    }
    Session s = new Session(this, sessionId, sessionsStarted.incrementAndGet(), now, wallClock.epochMicros());
    open.put(s.ordinal, s);
    s.event(EventType.SESSION_START).at(now).putAll(data).log();
    return s;
  }

  void sessionEnded(Session s) {
    open.remove(s.ordinal);
  }

  /** Events dropped so far: queue full, a failed write, or logged after close. Each is also in an EVENTS_DROPPED line. */
  public long droppedEvents() {
    return writer == null ? 0 : writer.droppedEvents();
  }

  /** Events written to the files so far (EVENTS_DROPPED lines not counted). */
  public long writtenEvents() {
    return writer == null ? 0 : writer.writtenEvents();
  }

  /**
   * Waits until every event logged before this call has been handed to the operating system (it survives
   * the process being killed; {@link #close(Duration)} also syncs it to the device).
   *
   * @return true if they were all written within the timeout
   */
  public boolean flush(Duration timeout) {
    return writer == null || writer.flush(Nanos.of(timeout));
  }

  /** {@link #close(Duration)} with the builder's close timeout (default {@value VoiceLogBuilder#DEFAULT_CLOSE_TIMEOUT_SECONDS} s). */
  public boolean close() {
    return close(closeTimeout);
  }

  /**
   * Ends the sessions still open (their {@code SESSION_END} says {@code "reason":"log_closed"}), writes
   * every queued event, syncs the files and stops the writer. Events logged afterwards are dropped and
   * counted. Calling it again returns the first result.
   *
   * <p>Blocks up to {@code timeout} in all, measured on the log's {@link #clock() monotonic clock} from the
   * call: one deadline for the whole close, shared by the sessions' {@code SESSION_END}s (which may wait for
   * room in a full queue under {@link OverflowPolicy#BLOCK}) and the wait for the writer to write, sync and
   * close the files, then for the line listeners' {@code onClose}. A writer still stuck at the deadline (a
   * file system that blocks) is left behind: close returns false and counts what it had not written in
   * {@link #droppedEvents()}.
   *
   * <p>Not {@link AutoCloseable} on purpose: the result says whether anything was lost, and should be read.
   *
   * @return true when every event accepted by the log was written and every drop was reported in time
   */
  public boolean close(Duration timeout) {
    if (writer == null) {
      return true;
    }
    synchronized (this) {
      if (closeResult != null) {
        return closeResult;
      }
      // One deadline for all of close, set here: the SESSION_ENDs below (which may wait for room under
      // OverflowPolicy.BLOCK) and the wait for the writer share it.
      writer.requestClose(Nanos.of(timeout));
      for (Session s : open.values()) {
        s.end(Map.of("reason", "log_closed"));
      }
      boolean ok = writer.close(Nanos.of(timeout)); // keeps the deadline set above
      closeResult = ok;
      removeShutdownHook();
      return ok;
    }
  }

  private void removeShutdownHook() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already running hooks: ours has nothing left to do
      }
    }
  }
}
