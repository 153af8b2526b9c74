package dev.voicelog.bench.logger;

import dev.voicelog.OverflowPolicy;
import java.nio.file.Path;

/** What the logger benchmarks share: the JVM flags of every fork and how a logger under test is opened. */
final class LoggerBenchmarks {
  /** voicelog's default queue capacity; Log4j2's ring buffer is given the same size. */
  static final int QUEUE_CAPACITY = 8192;

  /** The same heap and collector for both loggers; pre-touched so page faults do not show up as latency. */
  static final String HEAP_1 = "-Xms1g";
  static final String HEAP_2 = "-Xmx1g";
  static final String GC = "-XX:+UseG1GC";
  static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

  /**
   * Log4j2's all-async, garbage-free configuration. Harmless to the voicelog forks (Log4j2 is never loaded
   * there), so every fork runs with the same flags.
   */
  static final String SELECTOR = "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector";
  static final String THREADLOCALS = "-Dlog4j2.enableThreadlocals=true";
  static final String DIRECT_ENCODERS = "-Dlog4j2.enableDirectEncoders=true";
  static final String CONTEXT_MAP = "-Dlog4j2.garbagefreeThreadContextMap=true";
  static final String RING_SIZE = "-Dlog4j2.asyncLoggerRingBufferSize=" + QUEUE_CAPACITY;
  static final String CONFIG = "-Dlog4j2.configurationFile=log4j2-voicelog-bench.xml";

  static final String[] LOG4J2_FLAGS = {SELECTOR, THREADLOCALS, DIRECT_ENCODERS, CONTEXT_MAP, RING_SIZE, CONFIG};

  private LoggerBenchmarks() {}

  /**
   * Opens the logger named by a benchmark's {@code logger} parameter, writing into {@code dir}:
   * {@code voicelog}, {@code log4j2} (the same line) or {@code log4j2-epoch} (the same fields, the timestamp
   * as a number; see {@link Log4j2Target}).
   *
   * @param overflow what voicelog does when its queue is full; Log4j2 always makes the caller wait
   */
  static LoggerUnderTest open(String logger, Path dir, OverflowPolicy overflow) {
    return switch (logger) {
      case "voicelog" -> new VoiceLogTarget(dir, overflow);
      case "log4j2" -> new Log4j2Target(dir, Log4j2Target.Template.ISO);
      case "log4j2-epoch" -> new Log4j2Target(dir, Log4j2Target.Template.EPOCH);
      default -> throw new IllegalArgumentException("unknown logger " + logger + ": voicelog, log4j2 or log4j2-epoch");
    };
  }
}
