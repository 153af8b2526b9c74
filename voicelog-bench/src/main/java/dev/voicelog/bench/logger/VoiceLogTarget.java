package dev.voicelog.bench.logger;

import dev.voicelog.EventType;
import dev.voicelog.OverflowPolicy;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * voicelog as a library user sets it up: the builder's defaults (daily files, the default 8192-event
 * queue) except the directory, the overflow policy the benchmark asks for, and no shutdown hook (the
 * benchmark closes it).
 */
final class VoiceLogTarget extends LoggerUnderTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final VoiceLog log;
  private final Session session;

  VoiceLogTarget(Path dir, OverflowPolicy overflow) {
    super(dir);
    this.log = VoiceLog.builder().directory(dir).queueCapacity(LoggerBenchmarks.QUEUE_CAPACITY).overflow(overflow)
        .shutdownHook(false).build();
    this.session = log.startSession(SampleEvent.SESSION_ID);
    expectExtraLines(1); // SESSION_START
    session.setTurn(SampleEvent.TURN);
  }

  /** The sample event number {@code i} through voicelog's API: the one place it is spelled out. */
  static void logSample(Session session, int i) {
    session.event(EventType.TTS_START)
        .put("provider", SampleEvent.PROVIDER)
        .put("voice", SampleEvent.VOICE)
        .put("chars", SampleEvent.chars(i))
        .put("ttfb_ms", SampleEvent.ttfbMs(i))
        .log();
  }

  @Override
  void write(int i) {
    logSample(session, i);
  }

  @Override
  void awaitWritten() {
    if (!log.flush(WAIT)) {
      throw new IllegalStateException(this + ": not written within " + WAIT);
    }
  }

  @Override
  long droppedEvents() {
    return log.droppedEvents();
  }

  /** The writer appends with O_APPEND, so after the truncation it carries on at offset 0. */
  @Override
  void discardFiles() throws IOException {
    BenchFiles.truncateAll(dir);
  }

  @Override
  public void close() {
    session.end();
    log.close();
  }

  @Override
  public String toString() {
    return "voicelog";
  }
}
