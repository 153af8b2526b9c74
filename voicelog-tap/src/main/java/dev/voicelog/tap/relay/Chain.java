package dev.voicelog.tap.relay;

/**
 * What an {@link Interceptor} is handed: the message, its connection, and the rest of the pipeline.
 *
 * <p><b>Threads.</b> A chain belongs to one message and is used on the thread relaying that message's
 * direction, inside {@link Interceptor#intercept}: call {@link #proceed} there, once, and do not keep the
 * chain for later or hand it to another thread. Not thread-safe.
 */
public interface Chain {
  /** {@link #proceed} returns this when the message could not be forwarded (the other side is gone). */
  long NOT_SENT = Long.MIN_VALUE;

  /** The message being relayed. */
  Message message();

  /** The connection it belongs to. */
  Connection connection();

  /**
   * Passes the message to the next interceptor, and finally to the other side. Returns the moment (the
   * log's monotonic clock) the message was handed to the other side's socket, or {@link #NOT_SENT}.
   * Blocks while the message is being written.
   */
  long proceed(Message message);
}
