package dev.voicelog.tap.call;

import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import dev.voicelog.Session;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs one call's {@link Diagnostic}s: each as an {@code ERROR} line (data: {@code source} the tap,
 * {@code anomaly} the diagnostic's id, {@code error} what happened in words, then its details), at the
 * moment it happened. A mistake an agent makes on every frame would flood the log, so each diagnostic is
 * written at most {@link #LINES_PER_DIAGNOSTIC} times per call; all are counted ({@link #counts()}), and the
 * call's summary line carries the counts.
 *
 * <p><b>Thread safety.</b> Thread-safe: both directions of a call report here.
 */
public final class Diagnostics {
  /** How many lines one diagnostic gets per call; the rest are counted. */
  public static final int LINES_PER_DIAGNOSTIC = 3;

  private final Session session;
  private final String source;
  private final EnumMap<Diagnostic, Long> counts = new EnumMap<>(Diagnostic.class);

  /** Diagnostics of one call, logged into its session with {@code source} (the tap's name). */
  public Diagnostics(Session session, String source) {
    this.session = session;
    this.source = source;
  }

  /**
   * Reports a diagnostic that happened at {@code atNanos} (the session's clock). Never throws; returns
   * whether a line was written (false once the diagnostic has had its lines).
   */
  public boolean report(Diagnostic d, long atNanos, String message, Map<String, ?> details) {
    long n;
    synchronized (counts) {
      n = counts.merge(d, 1L, Long::sum);
    }
    if (n > LINES_PER_DIAGNOSTIC) {
      return false;
    }
    EventBuilder e = session.event(EventType.ERROR).at(atNanos).put("source", source).put("anomaly", d.id())
        .put("error", message);
    if (n == LINES_PER_DIAGNOSTIC) {
      e.put("more_counted_not_logged", true);
    }
    e.putAll(details).log();
    return true;
  }

  /** How often each diagnostic happened so far, by id, in {@link Diagnostic} order (only those that did). */
  public Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    synchronized (counts) {
      counts.forEach((d, n) -> out.put(d.id(), n));
    }
    return out;
  }

  /** How often {@code d} happened so far. */
  public long count(Diagnostic d) {
    synchronized (counts) {
      return counts.getOrDefault(d, 0L);
    }
  }
}
