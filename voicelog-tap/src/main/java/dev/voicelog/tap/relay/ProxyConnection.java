package dev.voicelog.tap.relay;

import dev.voicelog.MonotonicClock;
import dev.voicelog.Session;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One client relayed to its upstream: the two sockets, the interceptor chain of each direction, and the
 * rules for ending.
 *
 * <p><b>Threads.</b> Client messages arrive on Jetty threads, one at a time (Jetty reads the next frame
 * only when the previous message's chain has returned, and the chain returns only when the upstream has
 * taken the message: that is the backpressure). Upstream messages arrive on the JDK client's selector
 * thread (the relay's HTTP client runs its callbacks inline, saving a thread hand-off per message), one at
 * a time: the next is requested only when the previous one was written to the client and its chain has
 * finished; nothing on that thread waits for a client. The end of the connection is run once, after the
 * messages in flight are done.
 */
final class ProxyConnection {

  private final RelayServer server;
  private final Connection connection;
  private final Pipeline pipeline;
  private final MonotonicClock clock;
  private volatile WebSocket upstream;
  private volatile org.eclipse.jetty.websocket.api.Session client;
  private volatile String connectFailure;

  ProxyConnection(RelayServer server, Connection connection, List<Interceptor> interceptors) {
    this.server = server;
    this.connection = connection;
    this.pipeline = new Pipeline(connection, interceptors, this::end);
    this.clock = server.log.clock();
  }

  Connection connection() {
    return connection;
  }

  // ---- opening (on the thread handling the client's handshake) ----

  /** Connects to the upstream with the client's headers and subprotocols; returns the selected subprotocol. */
  String connectUpstream(URI target) {
    ClientRequest req = connection.request();
    WebSocket.Builder b = server.http().newWebSocketBuilder().connectTimeout(server.connectTimeout);
    List<String> skipped = new ArrayList<>();
    req.headers().forEach((name, values) -> {
      if (UpstreamTarget.forwards(name)) {
        for (String v : values) {
          try {
            b.header(name, v);
          } catch (IllegalArgumentException restricted) {
            skipped.add(name);
          }
        }
      }
    });
    List<String> protocols = req.subprotocols();
    long t0 = clock.nanoTime();
    try {
      if (!protocols.isEmpty()) {
        b.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(new String[0]));
      }
      WebSocket ws = b.buildAsync(target, new UpstreamListener(this))
          .get(server.connectTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      upstream = ws;
      String selected = ws.getSubprotocol() == null || ws.getSubprotocol().isEmpty() ? null : ws.getSubprotocol();
      connection.subprotocol(selected);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("upstream", connection.upstream());
      data.put("connect_ms", (clock.nanoTime() - t0) / 1e6);
      data.put("subprotocol", selected == null ? null : Secrets.describeSubprotocol(selected));
      if (!skipped.isEmpty()) {
        data.put("headers_not_forwarded", skipped);
      }
      session().event("proxy.upstream_connected").putAll(data).log();
      return selected;
    } catch (ExecutionException e) {
      connectFailure = describeConnectFailure(e.getCause(), target);
    } catch (TimeoutException e) {
      connectFailure = "upstream unreachable: no answer within " + server.connectTimeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connectFailure = "proxy interrupted while connecting upstream";
    } catch (IllegalArgumentException e) {
      connectFailure = "upstream refused the client's handshake values: " + e.getMessage();
    }
    connectFailure = connection.secrets().scrub(connectFailure);
    error("upstream", connectFailure, null);
    return null;
  }

  private static String describeConnectFailure(Throwable cause, URI target) {
    String where = target.getHost() + ":" + (target.getPort() > 0 ? target.getPort() : ("wss".equalsIgnoreCase(target.getScheme()) ? 443 : 80));
    if (cause instanceof WebSocketHandshakeException h) {
      return "upstream refused the WebSocket handshake: HTTP " + h.getResponse().statusCode();
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
      return "upstream unreachable: connecting to " + where + " timed out";
    }
    if (cause instanceof ConnectException || (cause != null && cause.getCause() instanceof ConnectException)) {
      return "upstream unreachable: connection to " + where + " refused";
    }
    if (cause instanceof UnresolvedAddressException || (cause != null && cause.getCause() instanceof UnresolvedAddressException)) {
      return "upstream unreachable: cannot resolve " + target.getHost();
    }
    String msg = cause == null ? "unknown error" : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return "upstream unreachable (" + where + "): " + msg;
  }

  boolean failedToConnect() {
    return connectFailure != null;
  }

  /** The client's WebSocket is open: start relaying, or close it with the reason the upstream failed. */
  void clientOpened(org.eclipse.jetty.websocket.api.Session jetty) {
    this.client = jetty;
    server.opened(this);
    if (connectFailure != null) {
      finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.BAD_GATEWAY, connectFailure));
      closeClient(CloseCodes.BAD_GATEWAY, connectFailure);
      return;
    }
    CloseInfo ended = pipeline.closing();
    if (ended != null) {
      // the upstream went away while the client's handshake was finishing
      closeClient(ended.closedBy().equals(CloseInfo.UPSTREAM) ? CloseCodes.relayed(ended.code()) : CloseCodes.BAD_GATEWAY,
          ended.reason().isEmpty() ? "upstream closed" : ended.reason());
      return;
    }
    pipeline.open();
    upstream.request(1);
  }

  // ---- messages ----

  /** A whole client message (Jetty thread): through the chain to the upstream. */
  void fromClient(Message m) {
    pipeline.relay(m, this::sendUpstream);
  }

  /**
   * A whole upstream message (JDK client thread): through the chain to the client. Never blocks:
   * {@code requestNext} runs once the client's socket has taken the message and the chain has finished, and
   * the caller asks the upstream for the next message only then (backpressure, one message at a time).
   */
  void fromUpstream(Message m, Runnable requestNext) {
    // two things must be over before the next message: the chain (interceptors are serial per direction)
    // and the write (a slow client slows its upstream through TCP instead of filling memory)
    AtomicInteger pending = new AtomicInteger(2);
    Runnable oneDone = () -> {
      if (pending.decrementAndGet() == 0) {
        requestNext.run();
      }
    };
    boolean[] writeIssued = new boolean[1];
    boolean relayed = pipeline.relay(m, msg -> {
      writeIssued[0] = true;
      return sendToClient(msg, oneDone);
    });
    if (!relayed) {
      requestNext.run();
      return;
    }
    if (!writeIssued[0]) {
      oneDone.run();
    }
    oneDone.run();
  }

  private long sendUpstream(Message m) {
    WebSocket ws = upstream;
    if (ws == null || ws.isOutputClosed()) {
      return Chain.NOT_SENT;
    }
    long now = clock.nanoTime();
    try {
      CompletableFuture<WebSocket> sent = m.isText() ? ws.sendText(m.text(), true) : ws.sendBinary(m.binary(), true);
      sent.get(server.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return now;
    } catch (ExecutionException | TimeoutException | IllegalStateException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (!ws.isOutputClosed()) {
        error("upstream", "could not send to upstream: " + cause, m.direction());
      }
      return Chain.NOT_SENT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Chain.NOT_SENT;
    }
  }

  /** Hands the message to Jetty without waiting; {@code written} runs exactly once, when the write is over. */
  private long sendToClient(Message m, Runnable written) {
    org.eclipse.jetty.websocket.api.Session c = client;
    if (c == null || !c.isOpen()) {
      written.run();
      return Chain.NOT_SENT;
    }
    long now = clock.nanoTime();
    Callback cb = Callback.from(written, failure -> {
      if (c.isOpen()) {
        error("client", "could not send to client: " + failure, m.direction());
      }
      written.run();
    });
    if (m.isText()) {
      c.sendText(m.text(), cb);
    } else {
      c.sendBinary(m.binary(), cb);
    }
    return now;
  }

  // ---- closing ----

  /** The upstream sent a close (JDK thread). The client gets the same code and reason. */
  void upstreamClosed(int code, String reason) {
    String r = connection.secrets().scrub(reason == null ? "" : reason);
    finish(new CloseInfo(CloseInfo.UPSTREAM, code, r));
    closeClient(CloseCodes.relayed(code), reason == null || reason.isEmpty() ? "upstream closed" : reason);
  }

  /** The upstream connection failed (JDK thread): the client gets 1014 and the reason. */
  void upstreamFailed(Throwable error) {
    String reason = connection.secrets().scrub("upstream connection lost: " + error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : " " + error.getMessage()));
    error("upstream", reason, null);
    finish(new CloseInfo(CloseInfo.UPSTREAM, CloseCodes.ABNORMAL, reason));
    closeClient(CloseCodes.BAD_GATEWAY, reason);
  }

  /** The client closed or went away (Jetty thread): the upstream is closed too. */
  void clientClosed(int code, String reason) {
    finish(new CloseInfo(CloseInfo.CLIENT, code, connection.secrets().scrub(reason == null ? "" : reason)));
    if (CloseCodes.sendable(code)) {
      closeUpstream(code, reason == null || reason.isEmpty() ? "client closed" : reason);
    } else {
      closeUpstream(CloseCodes.GOING_AWAY, "client connection lost");
    }
  }

  /** The client's socket failed (Jetty thread); Jetty reports the close separately. */
  void clientFailed(Throwable error) {
    error("client", "client connection failed: " + error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : " " + error.getMessage()), null);
  }

  /** The proxy is shutting down: both sides are told so. */
  void shutdown() {
    finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.GOING_AWAY, "proxy shut down"));
    closeClient(CloseCodes.GOING_AWAY, "voicelog proxy shutting down");
    closeUpstream(CloseCodes.GOING_AWAY, "voicelog proxy shutting down");
  }

  private void closeClient(int code, String reason) {
    org.eclipse.jetty.websocket.api.Session c = client;
    if (c != null && c.isOpen()) {
      c.close(code, CloseCodes.fit(reason), Callback.NOOP);
    }
  }

  private void closeUpstream(int code, String reason) {
    WebSocket ws = upstream;
    if (ws == null || ws.isOutputClosed()) {
      return;
    }
    String fitted = CloseCodes.fit(reason);
    CompletableFuture<WebSocket> sent;
    try {
      sent = ws.sendClose(code, fitted);
    } catch (IllegalArgumentException notAllowedFromClient) {
      sent = ws.sendClose(WebSocket.NORMAL_CLOSURE, fitted);
    }
    // The upstream should answer the close; if it does not, drop the connection after a grace period.
    sent.whenComplete((w, e) -> CompletableFuture.delayedExecutor(server.closeGrace.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> {
          if (!ws.isInputClosed()) {
            ws.abort();
          }
        }));
  }

  /** Ends the connection once, when no message is in flight any more. */
  private void finish(CloseInfo info) {
    pipeline.finish(info);
  }

  /**
   * The relay's own end, after the interceptors': SESSION_END with how it closed. The server forgets the
   * connection first, so whoever reads that line finds it gone from {@link RelayServer#openConnections()}.
   */
  private void end(CloseInfo info) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("closed_by", info.closedBy());
    data.put("code", info.code());
    data.put("reason", info.reason());
    server.closed(this);
    session().end(data);
  }

  /** Logs an ERROR line; the message is scrubbed of this connection's secrets. */
  void error(String source, String message, Direction direction) {
    pipeline.error(source, message, direction);
  }

  private Session session() {
    return connection.session();
  }

  MonotonicClock clock() {
    return clock;
  }
}
