package dev.voicelog.tap.relay;

import dev.voicelog.Session;

/**
 * One client relayed to its upstream: what interceptors know about the connection they serve.
 *
 * <p><b>Thread safety.</b> Immutable but for {@link #subprotocol()}, which is set once the upstream chose.
 */
public final class Connection {
  private final Session session;
  private final ClientRequest request;
  private final Secrets secrets;
  private final String upstream;
  private volatile String subprotocol;

  Connection(Session session, ClientRequest request, Secrets secrets, String upstream) {
    this.session = session;
    this.request = request;
    this.secrets = secrets;
    this.upstream = upstream;
  }

  /** The log session of this connection: one per client connection. */
  public Session session() {
    return session;
  }

  /** The client's handshake (holds credentials: log only what {@link #secrets()} scrubbed). */
  public ClientRequest request() {
    return request;
  }

  /** This connection's secrets; scrub everything written with them. */
  public Secrets secrets() {
    return secrets;
  }

  /** The upstream URI this connection went to, secrets masked. */
  public String upstream() {
    return upstream;
  }

  /** The subprotocol the upstream selected (and the client got), or null. */
  public String subprotocol() {
    return subprotocol;
  }

  void subprotocol(String selected) {
    this.subprotocol = selected;
  }

  @Override
  public String toString() {
    return "Connection[" + session.id() + "]";
  }
}
