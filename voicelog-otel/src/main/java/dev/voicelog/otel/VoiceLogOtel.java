package dev.voicelog.otel;

import dev.voicelog.LineListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * voicelog conversations as OpenTelemetry traces and latency histograms, sent over OTLP/HTTP to any
 * collector: live from a running {@code VoiceLog}, or replayed from log files of any format voicelog reads.
 *
 * <pre>{@code
 * VoiceLogOtel otel = VoiceLogOtel.fromEnvironment();     // OTEL_EXPORTER_OTLP_ENDPOINT, _HEADERS, OTEL_SERVICE_NAME
 * VoiceLog log = VoiceLog.builder().addListener(otel).build();
 * ...                                                     // each turn's spans leave as the turn completes
 *                                                         // (and is out of LiveTurns' 2 s reorder window),
 * log.close();                                            // the conversation's span at its SESSION_END;
 *                                                         // closing the log closes this sink (bounded wait)
 * }</pre>
 *
 * <p>A trace is one conversation: a root span, a span per turn and under each turn spans for user speech,
 * STT, end-of-turn detection, the LLM, each tool call, TTS and the agent's speech. Every span starts and ends
 * at its events' times (their {@code t}, anchored to their timestamps), to the microsecond, backdated events
 * included; never at the time of export. docs/otel.md shows the tree and lists the attributes.
 *
 * <p><b>The agent is never hurt by its telemetry.</b> Lines reach this sink on the log's own listener thread,
 * never on a caller's; spans are exported from a batch processor's thread through a bounded queue. A
 * collector that is down or slow costs dropped spans, counted by {@link #droppedSpans()} and reported once
 * through {@link System.Logger}, never a blocked or failing agent. Header values are never logged.
 *
 * <p>Register one instance with one {@code VoiceLog}. Thread-safe.
 */
public final class VoiceLogOtel implements LineListener, AutoCloseable {
  private final Telemetry telemetry;
  private final LiveConversations live;
  private final String endpoint;
  private final Duration closeTimeout;
  private final Duration flushTimeout;
  private final Object lock = new Object();
  private boolean closing; // guarded by lock
  private final CompletableFuture<Boolean> closeResult = new CompletableFuture<>();

  VoiceLogOtel(VoiceLogOtelBuilder b) {
    this.telemetry = new Telemetry(b);
    this.endpoint = b.endpoint.toString();
    this.closeTimeout = b.closeTimeout;
    this.flushTimeout = b.closeTimeout.plus(b.exportTimeout);
    this.live = new LiveConversations(telemetry);
  }

  /** A builder with every default; see {@link VoiceLogOtelBuilder}. */
  public static VoiceLogOtelBuilder builder() {
    return new VoiceLogOtelBuilder();
  }

  /**
   * A sink configured by the OpenTelemetry environment variables (see {@link VoiceLogOtelBuilder}).
   *
   * @throws dev.voicelog.VoiceLogConfigException naming a variable that cannot be used
   */
  public static VoiceLogOtel fromEnvironment() {
    return builder().fromEnvironment(System.getenv()).build();
  }

  /**
   * One line the log wrote. Called by the log's listener thread; decodes the line, and when it completes a
   * turn (or ends a conversation) creates that turn's spans and queues them for export, without waiting.
   * Lines after {@link #close()} are ignored.
   */
  @Override
  public void onLine(byte[] line) {
    synchronized (lock) {
      if (!closing) {
        live.line(line);
      }
    }
  }

  /** The log closed: ends the conversations still open and closes this sink ({@link #close()}). */
  @Override
  public void onClose() {
    close();
  }

  /**
   * Exports existing logs: files (plain or gzip) and directories of rotated files, in any format voicelog
   * reads, through the same readers and turn assembler as every other consumer. Blocks until every path is
   * read and its spans are sent, or the close timeout plus the export timeout has passed.
   *
   * @throws IOException only for a path that does not exist or cannot be listed, before anything is sent
   */
  public ReplaySummary replay(List<Path> paths) throws IOException {
    Objects.requireNonNull(paths, "paths");
    long droppedBefore = telemetry.accounting().dropped();
    Replay replay = new Replay(telemetry);
    replay.run(paths);
    boolean flushed = telemetry.flush(flushTimeout);
    return replay.summary(telemetry.accounting().dropped() - droppedBefore, flushed);
  }

  /** The OTLP/HTTP base URL spans and metrics go to, without any credentials it carried (for messages). */
  public String endpoint() {
    return endpoint;
  }

  /** Spans that did not reach the collector: refused by the full queue, in a failed export, or unsent at close. */
  public long droppedSpans() {
    return telemetry.accounting().dropped();
  }

  /** Spans the collector accepted. */
  public long exportedSpans() {
    return telemetry.accounting().exported();
  }

  /** Closes with the builder's close timeout; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(closeTimeout);
  }

  /**
   * Ends the conversations still open (their root spans say they did not end), sends what is queued and
   * stops the exporters. Blocks up to {@code timeout}; spans unsent by then are counted dropped. A call made
   * while the first is still closing waits for the first's result, up to its own {@code timeout} (false
   * if it is not known by then); later calls return the first result at once.
   *
   * @return true when every span was delivered or counted before the timeout
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    boolean first;
    synchronized (lock) {
      first = !closing;
      if (first) {
        closing = true;
        live.endAll();
      }
    }
    if (!first) {
      return firstCloseResult(timeout); // waited for outside the lock
    }
    boolean done = false;
    try {
      done = telemetry.shutdown(timeout);
    } finally {
      closeResult.complete(done);
    }
    return done;
  }

  private boolean firstCloseResult(Duration timeout) {
    try {
      return closeResult.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Package-private for tests: the live side's state. */
  LiveConversations live() {
    return live;
  }

  /** Package-private for tests: the pipeline. */
  Telemetry telemetry() {
    return telemetry;
  }
}
