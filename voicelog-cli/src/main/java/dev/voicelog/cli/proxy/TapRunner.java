package dev.voicelog.cli.proxy;

import dev.voicelog.VoiceLog;
import dev.voicelog.cli.Cli;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a tap until it is told to stop (Ctrl-C, SIGTERM, or {@link #stop()}), then closes the tap and the
 * log, so every event is on disk before the process goes. One per command run.
 *
 * @param <T> the tap it runs
 */
final class TapRunner<T extends AutoCloseable> {
  /** How long the shutdown hook waits for the log to be closed. */
  static final long SHUTDOWN_WAIT_SECONDS = 15;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** The run's exit code, set before {@link #stopped} counts down (so the shutdown hook sees it). */
  private volatile int exitCode = Cli.FAILED;
  /** The tap once it listens; null if it could not. */
  private final CompletableFuture<T> started = new CompletableFuture<>();

  /** Starts a tap: its builder's {@code start()}, which binds the listening address. */
  interface Starter<T> {
    T start() throws Exception;
  }

  /**
   * Starts the tap and runs it: if it cannot listen on {@code at}, closes {@code log} and fails with a
   * usage error naming the address (exit 2); else prints {@code banner}, waits until stopped, closes the
   * tap then the log. Returns OK when every event was written, FAILED when some were lost.
   */
  int start(ListenAddress at, VoiceLog log, Starter<T> starter, PrintWriter out,
      java.util.function.Function<T, List<String>> banner) throws InterruptedException {
    T tap;
    try {
      tap = starter.start();
    } catch (Exception e) {
      started.complete(null);
      log.close();
      throw new Cli.UserError("cannot listen on " + at.host() + ":" + at.port() + ": " + rootMessage(e));
    }
    return run(tap, log, out, banner.apply(tap));
  }

  private int run(T tap, VoiceLog log, PrintWriter out, List<String> banner) throws InterruptedException {
    started.complete(tap);
    Thread hook = new Thread(() -> {
      stop();
      try {
        if (stopped.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
          // Stopped by Ctrl-C or SIGTERM: the JVM would exit 130 or 143 whatever the run returned. The log is
          // closed and the last line printed, so end with the run's own code, as the docs promise.
          System.out.flush();
          System.err.flush();
          Runtime.getRuntime().halt(exitCode);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "voicelog-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    banner.forEach(out::println);
    out.flush();
    stop.await();
    try {
      tap.close();
    } catch (Exception e) {
      out.println("voicelog: closing the tap: " + rootMessage(e));
    }
    boolean complete = log.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped us
    }
    out.println("voicelog: proxy stopped; " + log.writtenEvents() + " events written" + (complete ? "" : ", some were lost (see EVENTS_DROPPED)"));
    out.flush();
    exitCode = complete ? Cli.OK : Cli.FAILED;
    stopped.countDown();
    return exitCode;
  }

  /**
   * Waits until the tap listens and returns it, or null if it could not listen (tests, which run the command
   * on another thread). A command stopped earlier by a bad option never gets here: the wait times out.
   */
  T awaitStarted(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    return started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the run (the shutdown hook; tests). */
  void stop() {
    stop.countDown();
  }

  /** The innermost message of an exception, for a one-line error. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
