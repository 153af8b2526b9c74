package dev.voicelog.tap.relay;

import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every relay (WebSocket or TCP) does with one connection's interceptors: opens them, runs each
 * message through their chain and forwards it even when one of them failed, and ends the connection
 * exactly once, after the messages in flight in either direction are done: each interceptor's
 * {@link Interceptor#onClose}, then the relay's own ending (its {@code SESSION_END}).
 *
 * <p><b>Thread safety.</b> Thread-safe: the two directions call {@link #relay} from their own threads,
 * and either side's close may come from any thread.
 */
final class Pipeline {
  private static final System.Logger LOG = System.getLogger("dev.voicelog.tap");

  private final Connection connection;
  private final List<Interceptor> interceptors;
  private final Consumer<CloseInfo> ended;

  private final Object lock = new Object();
  private int inFlight;
  private CloseInfo closing;
  private boolean finished;
  /**
   * Orders {@link #error} against the relay's ending: an error line is queued before the session's
   * {@code SESSION_END} or not at all. Not {@link #lock}, which every message takes.
   */
  private final Object endLock = new Object();
  /** The relay's ending has begun: the session takes no more lines from the pipeline. Guarded by {@link #endLock}. */
  private boolean over;

  /**
   * @param ended the relay's own end of the connection, run once after every interceptor's {@code onClose}
   */
  Pipeline(Connection connection, List<Interceptor> interceptors, Consumer<CloseInfo> ended) {
    this.connection = connection;
    this.interceptors = List.copyOf(interceptors);
    this.ended = ended;
  }

  Connection connection() {
    return connection;
  }

  /** Tells every interceptor that both sides are connected. */
  void open() {
    for (Interceptor i : interceptors) {
      try {
        i.onOpen(connection);
      } catch (RuntimeException e) {
        interceptorFailed(i, e);
      }
    }
  }

  /**
   * Runs one message through the chain; if an interceptor throws before it was forwarded, forwards it
   * anyway: a tap never loses traffic. Returns false, and does nothing, once the connection is ending.
   */
  boolean relay(Message m, RealChain.Forwarder forwarder) {
    if (!enter()) {
      return false;
    }
    try {
      RealChain.Forwarding forwarding = new RealChain.Forwarding(forwarder);
      try {
        new RealChain(interceptors, 0, m, connection, forwarding).proceed(m);
      } catch (RuntimeException | StackOverflowError e) {
        error("proxy", "an interceptor failed: " + e, m.direction());
        LOG.log(System.Logger.Level.WARNING, "voicelog tap: interceptor failed on " + connection, e);
      }
      forwarding.forwardOnce(m);
      return true;
    } finally {
      exit();
    }
  }

  /** The close in progress (or done), or null while the connection is open. */
  CloseInfo closing() {
    synchronized (lock) {
      return closing;
    }
  }

  private boolean enter() {
    synchronized (lock) {
      if (finished || closing != null) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  private void exit() {
    CloseInfo end = null;
    synchronized (lock) {
      inFlight--;
      if (inFlight == 0 && closing != null && !finished) {
        finished = true;
        end = closing;
      }
    }
    if (end != null) {
      end(end);
    }
  }

  /**
   * Ends the connection once: the first call wins, and the ending runs when no message is in flight any
   * more (at once, or when the last one is done). Later calls do nothing.
   */
  void finish(CloseInfo info) {
    synchronized (lock) {
      if (closing != null || finished) {
        return;
      }
      closing = info;
      if (inFlight > 0) {
        return;
      }
      finished = true;
    }
    end(info);
  }

  private void end(CloseInfo info) {
    for (Interceptor i : interceptors) {
      try {
        i.onClose(connection, info);
      } catch (RuntimeException e) {
        interceptorFailed(i, e);
      }
    }
    synchronized (endLock) {
      over = true;
    }
    ended.accept(info);
  }

  private void interceptorFailed(Interceptor i, RuntimeException e) {
    error("proxy", "interceptor " + i.getClass().getSimpleName() + " failed: " + e, null);
    LOG.log(System.Logger.Level.WARNING, "voicelog tap: interceptor failed on " + connection, e);
  }

  /**
   * Logs an ERROR line; the message is scrubbed of this connection's secrets. Once the relay's ending has
   * begun (the interceptors' {@code onClose} are done and its {@code SESSION_END} is due) the session takes
   * no more: a late error (a side failing as the sockets close) goes to {@link System.Logger} instead, so
   * nothing lands after the session's end or is lost unseen when the log closes right after it.
   */
  void error(String source, String message, Direction direction) {
    synchronized (endLock) {
      if (!over) {
        errorLine(source, message, direction).log();
        return;
      }
    }
    LOG.log(System.Logger.Level.WARNING, "voicelog tap: " + connection + " after its end: " + source + ": "
        + connection.secrets().scrub(message));
  }

  /** An ERROR line not yet logged, for a caller that adds fields (scrubbed by the caller). */
  EventBuilder errorLine(String source, String message, Direction direction) {
    var e = connection.session().event(EventType.ERROR).put("source", source)
        .put("error", connection.secrets().scrub(message));
    if (direction != null) {
      e.put("direction", direction.label());
    }
    return e;
  }
}
