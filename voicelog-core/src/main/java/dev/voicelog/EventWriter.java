package dev.voicelog;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The logger's engine: the producers' side of the queue ({@link #enqueue}) and the one writer thread that
 * turns queued events into lines on disk.
 *
 * <h2>The hot path (a caller's thread)</h2>
 * Under the session's lock (so a session's {@code seq} order is its queue order, even when several threads
 * log into one session): take the next {@code seq}, claim a ring slot with one CAS, copy the event's few
 * fields and its pre-encoded data into the slot, publish it. No I/O, no allocation, no syscall: the writer
 * is woken only when the ring is a quarter full and it is parked. When the ring is full the event is
 * dropped and counted ({@link OverflowPolicy#DROP}) or the caller waits ({@link OverflowPolicy#BLOCK}).
 *
 * <h2>The writer thread</h2>
 * Drains published slots in order, encodes each line into one batch buffer (the {@code timestamp}, the
 * file period and the {@code t} all come from the session's anchor and the event's {@code t}), and appends
 * the batch to the file of its period in one write. Then, unless a backlog is waiting, it parks: for
 * {@value #LINGER_MILLIS} ms after writing, twice as long after each round that found nothing, never more
 * than {@value #MAX_PARK_MILLIS} ms. So while events come an accepted event reaches the OS within a few
 * milliseconds, and the first after a quiet spell within {@value #MAX_PARK_MILLIS} ms; a session with
 * little to say costs a few wake-ups a second, not a hundred (BENCHMARKS.md, Realtime proxy, "A writer
 * that backs off while the log is quiet"). It never spins: a writer that polls for
 * each event makes a write (five system calls, with the file lock) every few events and keeps a core
 * busy, and on a machine with few cores that core is the caller's (see {@link #idle}). When no session is
 * open and nothing is left to do it sleeps until the next event, so a log between calls (a proxy waiting
 * for its next client) costs no CPU. The events that find it asleep (a {@code SESSION_START}, as a rule;
 * any logged before the woken writer has run) wake it, one system call each; while a session is open it
 * does not go to sleep, so its events make none.
 *
 * <h2>Loss, exactly counted</h2>
 * Every event that does not reach the file (full ring, failed write, logged after close) is added to its
 * session's pending drop count, and the writer writes one {@code EVENTS_DROPPED} line per such session,
 * {@code {"count":N}}, as soon as a write succeeds. Those lines carry no {@code seq}: the gaps in a
 * session's {@code seq} and the sum of its {@code EVENTS_DROPPED} counts are the same number. A failing
 * file system is reported once through {@link System.Logger}, retried every 0.1 to 1 s, and its recovery
 * reported once.
 */
final class EventWriter implements Runnable {
  static final int MAX_PARK_MILLIS = 100;
  static final int LINGER_MILLIS = 1;
  /** Empty rounds (1 + 2 + 4 + 8 + 16 ms) before the writer may sleep with no time limit. */
  static final int ROUNDS_BEFORE_SLEEP = 5;
  private static final System.Logger LOG = System.getLogger("dev.voicelog");
  private static final int FLUSH_BYTES = 256 * 1024;
  private static final long CLOSING_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_PARK_MILLIS);
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  /** How often a caller waiting in flush or close looks again, should a progress signal be missed. */
  private static final long PROGRESS_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RingBuffer ring;
  private final JsonlFileAppender appender;
  private final Rotation rotation;
  private final OverflowPolicy overflow;
  private final MonotonicClock clock;
  private final long wakeBacklog;
  /** Whether any session is open: while one is, the writer never sleeps without a time limit. */
  private final BooleanSupplier sessionsOpen;
  final Thread thread;
  /** Null unless line listeners were registered. */
  private final LineDispatcher dispatcher;

  // Counters read by any thread.
  private final LongAdder callerDrops = new LongAdder();
  private volatile long writerLosses;
  /** Events still queued when close gave up waiting for a stuck writer. */
  private volatile long abandonedAtClose;
  private volatile long written;
  private volatile long processedUpTo = -1;
  private final ConcurrentLinkedQueue<Session> sessionsWithDrops = new ConcurrentLinkedQueue<>();

  // Lifecycle.
  private volatile boolean parked;
  /** The writer is parked with no time limit (see {@link #idle}): the next event wakes it. */
  private volatile boolean asleep;
  private volatile boolean closing;
  /** Set when close begins: from then on a caller blocked on a full queue (BLOCK) waits only until the deadline. */
  private volatile boolean closeRequested;
  private volatile long closeDeadline;
  /**
   * Set once the writer has stopped writing: its files synced and closed, {@link #processedUpTo} final. What
   * {@link #close} answers is about the files: a listener still in its {@code onClose} when close stops
   * waiting (an exporter on a slow network) does not make it say events were lost.
   */
  private volatile boolean filesClosed;
  private volatile boolean warnedAfterClose;
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progress = progressLock.newCondition();
  private volatile int waiters;

  // Writer-thread state.
  private final JsonBytes batch = new JsonBytes(FLUSH_BYTES + 64 * 1024);
  private final LineEncoder encoder = new LineEncoder();
  private final Slot reportSlot = new Slot();
  private final JsonBytes reportData = new JsonBytes(32);
  private long batchPeriod = Long.MIN_VALUE;
  private Session[] batchSessions = new Session[1024];
  private long[] batchReports = new long[1024];
  private int batchCount;
  private volatile boolean failing;
  private long retryAt;
  private long retryDelay;
  private long lossesWhenFailureBegan;

  EventWriter(int capacity, JsonlFileAppender appender, Rotation rotation, OverflowPolicy overflow, MonotonicClock clock,
      LineDispatcher dispatcher, BooleanSupplier sessionsOpen) {
    this.sessionsOpen = sessionsOpen;
    this.ring = new RingBuffer(capacity);
    this.dispatcher = dispatcher;
    this.appender = appender;
    this.rotation = rotation;
    this.overflow = overflow;
    this.clock = clock;
    this.wakeBacklog = Math.max(1, capacity / 4);
    this.thread = new Thread(this, "voicelog-writer");
    thread.setDaemon(true);
    thread.start();
  }

  // ---------------------------------------------------------------- producers

  /** Queues one event of {@code session}. Never throws, never blocks unless the policy is BLOCK. */
  void enqueue(Session session, EventType type, String customType, long tMicros, int turn, JsonBytes data) {
    if (closing) {
      dropAfterClose(session);
      return;
    }
    long sequence;
    synchronized (session.lock) {
      long seq = ++session.seq;
      sequence = ring.tryClaim();
      if (sequence < 0 && overflow == OverflowPolicy.BLOCK) {
        sequence = claimBlocking();
      }
      if (sequence < 0) {
        callerDrops.increment();
        registerDrops(session, 1);
        return;
      }
      Slot slot = ring.slot(sequence);
      slot.session = session;
      slot.type = type;
      slot.customType = customType;
      slot.seq = seq;
      slot.tMicros = tMicros;
      slot.turn = turn;
      slot.droppedCount = 0;
      slot.setData(data.buf, data.len);
      ring.publish(sequence);
    }
    if (parked && (asleep || sequence - ring.lastConsumed() >= wakeBacklog)) {
      LockSupport.unpark(thread);
    }
  }

  private long claimBlocking() {
    long parkNanos = 1_000;
    while (!closing && !(closeRequested && pastCloseDeadline())) {
      LockSupport.unpark(thread);
      LockSupport.parkNanos(parkNanos);
      parkNanos = Math.min(parkNanos * 2, 1_000_000);
      long sequence = ring.tryClaim();
      if (sequence >= 0) {
        return sequence;
      }
    }
    return -1;
  }

  private void dropAfterClose(Session session) {
    callerDrops.increment();
    session.pendingDrops.incrementAndGet();
    if (!warnedAfterClose) {
      warnedAfterClose = true;
      LOG.log(System.Logger.Level.WARNING,
          "voicelog: an event of session " + session.id() + " was logged after VoiceLog.close() and dropped"
              + " (further ones are counted in droppedEvents() without this warning)");
    }
  }

  /** Adds {@code n} lost events to a session's pending report. Any thread. */
  void registerDrops(Session session, long n) {
    if (session.pendingDrops.getAndAdd(n) == 0) {
      sessionsWithDrops.add(session);
    }
  }

  // ---------------------------------------------------------------- the writer thread

  @Override
  public void run() {
    long next = 0;
    int idleRounds = 0;
    try {
      while (true) {
        long first = next;
        Slot s;
        while ((s = ring.published(next)) != null) {
          add(s);
          next++;
          if (batch.len >= FLUSH_BYTES) {
            ring.release(next - 1);
            flush();
          }
        }
        if (next != first) {
          ring.release(next - 1);
        }
        addDropReports();
        flush();
        processedUpTo = next - 1;
        signalProgress();
        if (closing && (isDrained(next) || pastCloseDeadline())) {
          break;
        }
        if (next - first >= wakeBacklog) {
          idleRounds = 0; // a backlog: write again at once
        } else {
          idleRounds = next != first ? 0 : idleRounds + 1;
          idle(idleRounds, next);
        }
      }
    } catch (Throwable unexpected) {
      LOG.log(System.Logger.Level.ERROR, "voicelog: the writer thread stopped unexpectedly; events are no longer written",
          unexpected);
    } finally {
      appender.closeAll(); // each file synced first; a sync that fails is reported
      filesClosed = true;
      signalProgress();
      if (dispatcher != null) {
        dispatcher.close(Math.max(0, closeDeadline - clock.nanoTime())); // the listeners' onClose: what is left of it
      }
    }
  }

  private boolean isDrained(long next) {
    return next > ring.lastClaimed() && sessionsWithDrops.isEmpty() && !failing;
  }

  /**
   * Parks after a round that wrote less than a backlog: {@value #LINGER_MILLIS} ms after writing some
   * events, so the next write takes everything that arrived meanwhile, and twice as long after each round
   * that found nothing, up to {@value #MAX_PARK_MILLIS} ms. Producers wake it early when the backlog grows
   * to a quarter of the ring; flush and close wake it at once.
   *
   * <p>After {@value #ROUNDS_BEFORE_SLEEP} rounds that found nothing, with no session open, no drop to
   * report and no failed write to retry, it parks with no time limit ({@link #asleep}), and any event wakes
   * it. Sessions open, it keeps its time limit, so that their events never make a system call to wake it.
   */
  private void idle(int emptyRounds, long next) {
    long park = parkAfter(emptyRounds);
    if (failing) {
      park = Math.max(1, Math.min(park, retryAt - System.nanoTime()));
    }
    if (closing) {
      park = Math.min(park, CLOSING_PARK_NANOS); // closing: look often, the caller is waiting
    }
    boolean sleep = emptyRounds >= ROUNDS_BEFORE_SLEEP && !failing && !closing && sessionsWithDrops.isEmpty()
        && !sessionsOpen.getAsBoolean();
    parked = true;
    asleep = sleep;
    // the queue re-read after parked and asleep are set, so no wake-up is lost: asleep, any event wakes it,
    // else a backlog does
    long waiting = ring.lastClaimed() - next + 1;
    if (sleep && waiting <= 0) {
      LockSupport.park(this);
    } else if (!sleep && waiting < wakeBacklog) {
      LockSupport.parkNanos(park);
    }
    asleep = false;
    parked = false;
  }

  /**
   * How long the writer parks after {@code emptyRounds} rounds in a row that found nothing (0 after
   * writing): {@value #LINGER_MILLIS} ms doubled per empty round, at most {@value #MAX_PARK_MILLIS} ms.
   */
  static long parkAfter(int emptyRounds) {
    return Math.min(MAX_PARK_NANOS, LINGER_NANOS << Math.min(emptyRounds, 32)); // 32: the shift cannot overflow
  }

  private void add(Slot s) {
    long epochMicros = s.session.anchorWallMicros + s.tMicros;
    long period = UtcTime.period(epochMicros, rotation);
    if (period != batchPeriod) {
      flush();
      batchPeriod = period;
    }
    if (failing && System.nanoTime() - retryAt < 0) {
      lose(s.session, s.droppedCount); // backing off: no write is tried until the retry time
      return;
    }
    encoder.encode(batch, s, epochMicros);
    if (batchCount == batchSessions.length) {
      batchSessions = java.util.Arrays.copyOf(batchSessions, batchCount * 2);
      batchReports = java.util.Arrays.copyOf(batchReports, batchCount * 2);
    }
    batchSessions[batchCount] = s.session;
    batchReports[batchCount] = s.droppedCount;
    batchCount++;
  }

  /** One EVENTS_DROPPED line for each session whose pending count is not zero. */
  private void addDropReports() {
    for (int n = sessionsWithDrops.size(); n > 0; n--) { // a snapshot: a report lost again re-queues itself
      Session session = sessionsWithDrops.poll();
      if (session == null) {
        return;
      }
      long count = session.pendingDrops.getAndSet(0);
      if (count == 0) {
        continue;
      }
      reportData.reset();
      reportData.writeAscii("{\"count\":");
      reportData.writeLong(count);
      reportData.writeByte('}');
      reportSlot.session = session;
      reportSlot.type = EventType.EVENTS_DROPPED;
      reportSlot.customType = null;
      reportSlot.seq = 0;
      reportSlot.tMicros = Math.floorDiv(clock.nanoTime() - session.startNanos, 1_000);
      reportSlot.turn = session.turn();
      reportSlot.droppedCount = count;
      reportSlot.setData(reportData.buf, reportData.len);
      add(reportSlot);
    }
  }

  private void flush() {
    if (batchCount == 0) {
      return;
    }
    try {
      appender.append(batchPeriod, batch.buf, 0, batch.len);
      if (dispatcher != null) {
        offerLines();
      }
      long events = 0;
      for (int i = 0; i < batchCount; i++) {
        if (batchReports[i] == 0) {
          events++;
        }
      }
      written += events;
      if (failing) {
        failing = false;
        LOG.log(System.Logger.Level.INFO, "voicelog: writing to " + appender.directory() + " again; "
            + (writerLosses - lossesWhenFailureBegan) + " events were lost meanwhile and are counted in EVENTS_DROPPED lines");
      }
    } catch (IOException | RuntimeException e) {
      long lossesBefore = writerLosses;
      for (int i = 0; i < batchCount; i++) {
        lose(batchSessions[i], batchReports[i]);
      }
      long now = System.nanoTime();
      if (!failing) {
        failing = true;
        lossesWhenFailureBegan = lossesBefore;
        retryDelay = FIRST_RETRY_NANOS;
        LOG.log(System.Logger.Level.WARNING, "voicelog: cannot write to " + appender.fileFor(batchPeriod) + ": " + e
            + "; events are dropped and counted until it can, retrying every second");
      } else {
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_NANOS);
      }
      retryAt = now + retryDelay;
    } finally {
      java.util.Arrays.fill(batchSessions, 0, batchCount, null);
      batch.reset();
      batchCount = 0;
    }
  }

  /**
   * Hands the lines of the batch just written to the listeners, without their newlines: only lines the file
   * got, so a listener never sees an event that is also counted as lost, nor a drop report that was not
   * written and will be written again. (Encoded JSON holds no raw newline: each one ends a line.)
   */
  private void offerLines() {
    int from = 0;
    for (int i = 0; i < batch.len; i++) {
      if (batch.buf[i] == '\n') {
        dispatcher.offer(batch.buf, from, i - from);
        from = i + 1;
      }
    }
  }

  /** An event (or a report, which only returns its count) did not reach the file. */
  private void lose(Session session, long reportCount) {
    if (reportCount > 0) {
      registerDrops(session, reportCount);
    } else {
      writerLosses++;
      registerDrops(session, 1);
    }
  }

  private void signalProgress() {
    if (waiters > 0) {
      progressLock.lock();
      try {
        progress.signalAll();
      } finally {
        progressLock.unlock();
      }
    }
  }

  // ---------------------------------------------------------------- flush and close

  /** Waits until every event queued before the call has been written or dropped. */
  boolean flush(long timeoutNanos) {
    long target = ring.lastClaimed();
    long lossesBefore = writerLosses;
    LockSupport.unpark(thread);
    return awaitProcessed(target, System.nanoTime() + timeoutNanos) && writerLosses == lossesBefore && !failing;
  }

  /**
   * Stops accepting events, writes what is queued, syncs and closes the files, all by the close's one
   * deadline: the one {@link #requestClose} set if it was called (then {@code timeoutNanos} is not used, and
   * what waited since does not add to the wait), else {@code timeoutNanos} from now. True when the writer
   * finished in time and no accepted event was ever lost (every drop so far was the caller's, and reported).
   */
  boolean close(long timeoutNanos) {
    requestClose(timeoutNanos);
    closing = true;
    LockSupport.unpark(thread);
    awaitWriterStopped(); // the listeners' onClose too (the OTel sink sends what it holds), by the same deadline
    long abandoned = ring.lastClaimed() - processedUpTo;
    if (!filesClosed && abandoned > 0) {
      abandonedAtClose = abandoned;
      LOG.log(System.Logger.Level.WARNING, "voicelog: close timed out with " + abandoned + " events not yet written to "
          + appender.directory() + "; they are counted in droppedEvents() (the writer is stuck; should it recover, they may still reach the file)");
    }
    return filesClosed && processedUpTo >= ring.lastClaimed() && writerLosses == 0 && sessionsWithDrops.isEmpty();
  }

  /**
   * Starts the close: its one deadline, {@code timeoutNanos} from now on the log's monotonic clock
   * (idempotent: a second call keeps the first deadline). Callers blocked on a full queue stop waiting when
   * it passes, so a close can never hang on them, and {@link #close} waits only until it too. Events are
   * still accepted until {@link #close} proper.
   */
  void requestClose(long timeoutNanos) {
    if (!closeRequested) {
      closeDeadline = clock.nanoTime() + timeoutNanos;
      closeRequested = true;
    }
  }

  private boolean pastCloseDeadline() {
    return clock.nanoTime() - closeDeadline > 0;
  }

  /** Waits for the writer thread to end, until the close deadline (read from the log's clock as it goes). */
  private void awaitWriterStopped() {
    try {
      while (thread.isAlive() && !pastCloseDeadline()) {
        long left = closeDeadline - clock.nanoTime();
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, PROGRESS_RECHECK_NANOS))));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether close has begun: its deadline is set. */
  boolean closeRequested() {
    return closeRequested;
  }

  private boolean awaitProcessed(long target, long deadline) {
    progressLock.lock();
    waiters++;
    try {
      while (processedUpTo < target && !filesClosed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.awaitNanos(Math.min(left, PROGRESS_RECHECK_NANOS));
      }
      return processedUpTo >= target;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiters--;
      progressLock.unlock();
    }
  }

  long skippedListenerLines() {
    return dispatcher == null ? 0 : dispatcher.skippedLines();
  }

  int capacity() {
    return ring.capacity;
  }

  /** Events queued and not yet taken by the writer. */
  long backlog() {
    return ring.backlog();
  }

  boolean isClosed() {
    return closing;
  }

  long droppedEvents() {
    return callerDrops.sum() + writerLosses + abandoned();
  }

  /**
   * Queued events the writer will never take. Once it has stopped, every one claimed past the last it
   * processed: a caller that was already inside {@link #enqueue} when close began may queue its event after
   * the writer's last look. While it is stuck, those close gave up on.
   */
  private long abandoned() {
    return filesClosed ? Math.max(0, ring.lastClaimed() - processedUpTo) : abandonedAtClose;
  }

  long writtenEvents() {
    return written;
  }
}
