package dev.voicelog.bench.logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * The peer: Log4j2 with every logger asynchronous (the LMAX Disruptor between the caller and one
 * background thread), in garbage-free mode, writing the sample event through {@code JsonTemplateLayout}
 * into a {@code RandomAccessFile} appender. The flags that make it so are {@link LoggerBenchmarks#LOG4J2_FLAGS};
 * the constructor refuses to run without them.
 *
 * <p>Two templates, because Log4j2 2.24 cannot write voicelog's timestamp cheaply. {@link Template#ISO}
 * writes the line exactly ({@code "2026-11-21T15:30:45.123456Z"}); {@code JsonTemplateLayout} formats a
 * microsecond pattern with {@code java.time.DateTimeFormatter} only (its garbage-free {@code FixedDateFormat}
 * stops at milliseconds), which allocates about 900 bytes per event on the background thread.
 * {@link Template#EPOCH} writes the same fields with the timestamp as epoch nanoseconds, a number, which
 * Log4j2 formats without allocating (its epoch resolver has no microseconds): Log4j2 at its fastest, for a comparison that does not hinge on one
 * field's formatter.
 *
 * <p>The fields are the message's parameters, each placed by the template's {@code messageParameter}
 * resolver; with thread-locals enabled the message is a reused {@code ReusableParameterizedMessage}, so
 * strings cost nothing. Numbers must be boxed to be parameters: {@code seq}, {@code t} and {@code ttfb_ms}
 * allocate a {@code Long} and two {@code Double}s per event ({@code turn} and {@code chars} are small
 * enough for the JDK's cache). That is what a Log4j2 user who wants JSON numbers pays; it is part of the
 * measurement, not hidden.
 *
 * <p>Queue full: Log4j2's default policy makes the caller wait, so nothing is dropped ({@link #droppedEvents()}
 * is 0 by construction, and the line count proves it).
 */
final class Log4j2Target extends LoggerUnderTest {
  static final String FILE_PROPERTY = "voicelog.bench.log4j2.file";
  static final String TEMPLATE_PROPERTY = "voicelog.bench.log4j2.template";

  /** The event templates of {@code src/main/resources}. */
  enum Template {
    ISO("log4j2-event-iso.json"),
    EPOCH("log4j2-event-epoch.json");

    final String resource;

    Template(String resource) {
      this.resource = resource;
    }
  }
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Template template;
  private final AsyncLoggerContext context;
  private final RingBufferAdmin ring;
  private final Logger logger;
  private final AtomicLong seq = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private Path file;
  private int files;

  Log4j2Target(Path dir, Template template) {
    super(dir);
    this.template = template;
    System.setProperty(TEMPLATE_PROPERTY, template.resource);
    this.file = nextFile();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    if (!(ctx instanceof AsyncLoggerContext async)) {
      throw new IllegalStateException("Log4j2 is not all-async (" + ctx.getClass().getName() + "): run with "
          + String.join(" ", LoggerBenchmarks.LOG4J2_FLAGS));
    }
    if (!org.apache.logging.log4j.util.Constants.ENABLE_THREADLOCALS
        || !org.apache.logging.log4j.core.util.Constants.ENABLE_DIRECT_ENCODERS) {
      throw new IllegalStateException("Log4j2 is not in garbage-free mode: run with "
          + String.join(" ", LoggerBenchmarks.LOG4J2_FLAGS));
    }
    Appender appender = async.getConfiguration().getAppender("events");
    if (appender == null || !(appender.getLayout() instanceof JsonTemplateLayout)) {
      throw new IllegalStateException("Log4j2 did not load log4j2-voicelog-bench.xml with " + template.resource
          + " (see its status messages above)");
    }
    this.context = async;
    this.ring = async.createRingBufferAdmin();
    this.logger = context.getLogger("voicelog.bench");
  }

  private Path nextFile() {
    Path f = dir.resolve("log4j2-events-" + files++ + ".jsonl");
    System.setProperty(FILE_PROPERTY, f.toString());
    return f;
  }

  /** The ring's size: compare with voicelog's queue capacity. */
  long ringBufferSize() {
    return ring.getBufferSize();
  }

  @Override
  void write(int i) {
    long s = seq.incrementAndGet();
    double t = ((System.nanoTime() - startNanos) / 1_000) / 1e6;
    logger.info("", SampleEvent.EVENT_TYPE, SampleEvent.SESSION_ID, s, t, SampleEvent.TURN,
        SampleEvent.PROVIDER, SampleEvent.VOICE, SampleEvent.chars(i), SampleEvent.ttfbMs(i));
  }

  /**
   * The ring is empty once its consumer has finished every event; the consumer flushes the appender's
   * buffer at the end of each batch, so the last event is then in the file.
   */
  @Override
  void awaitWritten() {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (ring.getRemainingCapacity() != ring.getBufferSize()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(this + ": not written within 60 s");
      }
      LockSupport.parkNanos(10_000);
    }
  }

  @Override
  long droppedEvents() {
    return 0;
  }

  /**
   * Points the appender at a new file (the configuration reads the file name from a system property) and
   * deletes the old one once Log4j2 has closed it.
   */
  @Override
  void discardFiles() throws IOException {
    Path old = file;
    file = nextFile();
    context.reconfigure();
    Files.deleteIfExists(old);
  }

  @Override
  public void close() {
    context.stop(60, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "log4j2 (" + template.resource + ")";
  }
}
