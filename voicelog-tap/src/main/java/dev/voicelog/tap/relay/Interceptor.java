package dev.voicelog.tap.relay;

/**
 * One step of a relay's message pipeline, as in OkHttp: it is handed a {@link Chain}, may look at the
 * message before passing it on, calls {@link Chain#proceed} exactly once to pass it on, and may look at it
 * again afterwards (the time it was forwarded is known then). Logging, secret redaction and audio
 * accounting are interceptors; the relay's own last step forwards the message to the other side.
 *
 * <p>Work done after {@code proceed} adds no latency to the message itself, so an interceptor that only
 * observes should proceed first and observe afterwards. Post-work runs innermost first: in a chain
 * {@code [log, redact, count]} the counter sees the message, then the redactor, then the logger.
 *
 * <p><b>Instances</b> are made per connection (see {@link RelayServer.Builder#interceptors}), so an
 * interceptor may keep the state of its connection in fields. Messages of one direction are handed over one
 * at a time, in order; the two directions run on different threads, so state that both directions touch
 * must be guarded.
 *
 * <p><b>Failure.</b> An interceptor must not block for long: it holds up its direction. If it throws, the
 * relay reports the error in the log and still forwards the message: a tap never loses traffic.
 */
public interface Interceptor {
  /** Handles one message; must call {@code chain.proceed(...)} once. */
  void intercept(Chain chain);

  /** Both sides are connected; called before the first message, on the thread that accepted the client. */
  default void onOpen(Connection connection) {}

  /**
   * The connection is over (either side closed or failed); called once, after the last message of either
   * direction was handled, before the session's {@code SESSION_END} is logged.
   */
  default void onClose(Connection connection, CloseInfo close) {}
}
