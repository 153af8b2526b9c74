package dev.voicelog.tap.relay;

import java.util.List;

/**
 * The chain handed to interceptor {@code index}; its {@code proceed} hands the message to interceptor
 * {@code index + 1}, and the last one to the forwarder. One {@link Forwarding} per message remembers whether
 * the message went out, so the relay can forward it itself if an interceptor failed before it did.
 */
final class RealChain implements Chain {
  /** Sends a message to the other side; returns when it was handed over, or {@link Chain#NOT_SENT}. */
  interface Forwarder {
    long forward(Message message);
  }

  /** The per-message outcome: forwarded once at most, whatever the interceptors do. */
  static final class Forwarding {
    private final Forwarder forwarder;
    boolean done;
    long nanos = NOT_SENT;

    Forwarding(Forwarder forwarder) {
      this.forwarder = forwarder;
    }

    long forwardOnce(Message message) {
      if (!done) {
        done = true;
        nanos = forwarder.forward(message);
      }
      return nanos;
    }
  }

  private final List<Interceptor> interceptors;
  private final int index;
  private final Message message;
  private final Connection connection;
  private final Forwarding forwarding;

  RealChain(List<Interceptor> interceptors, int index, Message message, Connection connection, Forwarding forwarding) {
    this.interceptors = interceptors;
    this.index = index;
    this.message = message;
    this.connection = connection;
    this.forwarding = forwarding;
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public long proceed(Message m) {
    if (index >= interceptors.size()) {
      return forwarding.forwardOnce(m);
    }
    RealChain next = new RealChain(interceptors, index + 1, m, connection, forwarding);
    interceptors.get(index).intercept(next);
    return forwarding.nanos;
  }
}
