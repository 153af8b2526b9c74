package dev.voicelog.read;

/**
 * Receives what a {@link SessionCollector} (and so a {@link LogReader}) produces: every session once it is
 * complete, and every problem of the input as it is found.
 *
 * <p><b>Threads.</b> A collector calls its sink on the thread that feeds it. A {@link LogReader} with
 * parallelism above 1 calls one sink from several threads at once: such a sink must be thread-safe.
 */
public interface SessionSink {
  /** A complete session, its events in order. */
  void session(SessionLog session);

  /** A problem of the input (a skipped line, lost events...). */
  void problem(Problem problem);
}
