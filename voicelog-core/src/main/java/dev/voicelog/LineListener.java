package dev.voicelog;

/**
 * Receives every line the log writes, as it writes it: for consumers inside the process (the
 * OpenTelemetry live sink, a tap's console) that should see exactly what the files get. Decode lines with
 * the same reader that reads files, so a live consumer and a file reader can never disagree.
 *
 * <p><b>Threads.</b> Called on one dedicated dispatcher thread per log, never on a caller's thread and
 * never on the writer thread: a slow listener cannot slow logging or writing. Lines arrive in file order,
 * handed over once the writer has appended their batch to the file: a line the file did not get (a full
 * disk) is not handed over either; it is counted in an {@code EVENTS_DROPPED} line instead.
 *
 * <p><b>Overflow and failure.</b> The dispatcher's queue is bounded; when a listener falls that far behind,
 * lines are skipped for the listeners (the files still get them) and the count is reported once through
 * {@link System.Logger}. A listener that throws is reported once and keeps receiving lines.
 */
public interface LineListener {
  /**
   * One line, UTF-8 JSON without the trailing newline. The array belongs to the listener.
   *
   * @param line the line's bytes
   */
  void onLine(byte[] line);

  /** The log was closed: no more lines will come. Flush what you hold. Called once, on the dispatcher thread. */
  default void onClose() {}
}
