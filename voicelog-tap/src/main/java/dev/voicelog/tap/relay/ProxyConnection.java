package dev.voicelog.tap.relay;

import dev.voicelog.MonotonicClock;
import dev.voicelog.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client relayed to its upstream: the opening handshake, one pump per direction, and the closing
 * handshake (see {@link RelayServer} for the rules).
 *
 * <p><b>Threads.</b> {@link #run()} runs on the connection's own thread ({@code voicelog-TAP-N-in}): it
 * answers the client's handshake, connects the upstream, starts the upstream's pump
 * ({@code voicelog-TAP-N-out}) and then pumps the client. A pump reads a frame with blocking I/O, runs a
 * whole message through the pipeline and writes it to the other side inline, so a message costs one thread
 * wake-up per hop, and a slow reader slows its writer through TCP. Where each side's closing handshake
 * stands is in its {@link WsSide}'s flags (a side is marked gone once, by whoever first finds it lost);
 * socket writes are serialised per side.
 */
final class ProxyConnection {
  private static final System.Logger LOG = System.getLogger("dev.voicelog.tap");
  /** How long a client has to send its handshake. */
  private static final int HANDSHAKE_TIMEOUT_MS = 10_000;

  private final RelayServer server;
  private final Socket clientSocket;
  private final long number;
  private final MonotonicClock clock;
  private final CountDownLatch ended = new CountDownLatch(1);
  /** Counted down by the first {@link #closeSockets()}: no side is still relayed after it. */
  private final CountDownLatch socketsDone = new CountDownLatch(1);
  private volatile boolean socketsClosed;
  private final AtomicBoolean graceStarted = new AtomicBoolean();
  private volatile WsSide client;
  private volatile WsSide upstream;
  private volatile Pipeline pipeline;
  /** The upstream's socket from the moment it starts connecting, so a shutdown can abort the attempt. */
  private volatile Socket upstreamSocket;
  private volatile long lastTrafficNanos;
  private volatile boolean shuttingDown;
  /**
   * The relay is closing both sides with its own close (shutdown, idle, a message too big, an invalid close):
   * a side's close is then an answer to the relay's, and is not relayed, lest it reach the other side before
   * the relay's own.
   */
  private volatile boolean proxyClosing;
  /** The client's input while its handshake is read (run()'s thread only): a refusal drains it as it closes. */
  private InputStream handshakeIn;

  ProxyConnection(RelayServer server, Socket clientSocket, long number) {
    this.server = server;
    this.clientSocket = clientSocket;
    this.number = number;
    this.clock = server.log.clock();
    this.lastTrafficNanos = clock.nanoTime();
  }

  // ---- opening ----

  /** The whole connection, on its own thread. */
  void run() {
    try {
      clientSocket.setTcpNoDelay(true);
      clientSocket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      InputStream in = WsSide.input(clientSocket);
      handshakeIn = in;
      HttpHead head = HttpHead.read(in);
      if (head == null) {
        abandon();
        return;
      }
      ClientHandshake.Refusal refusal = ClientHandshake.check(head);
      if (refusal != null) {
        refuse(refusal);
        return;
      }
      clientSocket.setSoTimeout(0);
      relay(head, in);
    } catch (SocketTimeoutException e) {
      refuse(new ClientHandshake.Refusal(408, "no WebSocket handshake within " + HANDSHAKE_TIMEOUT_MS + " ms"));
    } catch (HttpHead.MalformedException e) {
      refuse(new ClientHandshake.Refusal(400, e.getMessage()));
    } catch (IOException | RuntimeException e) {
      if (e instanceof RuntimeException) {
        LOG.log(System.Logger.Level.WARNING, "voicelog relay: connection " + number + " failed", e);
      }
      abandon();
    }
  }

  private void relay(HttpHead head, InputStream clientIn) throws IOException {
    String remote = clientSocket.getInetAddress().getHostAddress() + ":" + clientSocket.getPort();
    ClientRequest request;
    try {
      request = ClientHandshake.request(head, remote);
    } catch (java.net.URISyntaxException e) {
      refuse(new ClientHandshake.Refusal(400, "the request target is not a URI: " + e.getMessage()));
      return;
    }
    URI upstreamUri;
    try {
      upstreamUri = UpstreamTarget.resolve(server.upstream, request.path(), request.rawQuery());
    } catch (IllegalArgumentException e) {
      refuse(new ClientHandshake.Refusal(400, e.getMessage()));
      return;
    }
    Secrets secrets = request.secrets();
    secrets.addFromQuery(upstreamUri.getRawQuery()); // the configured upstream's own (--upstream ws://agent/media?token=T)
    Session session = server.log.startSession(null, startData(request, secrets, upstreamUri));
    Connection connection = new Connection(session, request, secrets, secrets.describeUri(upstreamUri));
    Pipeline p = new Pipeline(connection, server.interceptors.apply(connection), this::end);
    pipeline = p;

    String key = head.first("Sec-WebSocket-Key").strip();
    long t0 = clock.nanoTime();
    UpstreamHandshake.Upstream up = null;
    String failure = null;
    String refusedWith = null;
    try {
      Socket attempt = BlockingSockets.unconnected();
      upstreamSocket = attempt;
      if (socketsClosed || shuttingDown) {
        attempt.close(); // shut down before the attempt began: it fails at once
      }
      up = UpstreamHandshake.open(attempt, upstreamUri, request, key, server.connectTimeout, server.tls);
    } catch (UpstreamHandshake.Failure f) {
      failure = secrets.scrub(f.getMessage());
      refusedWith = f.response == null ? null : secrets.scrub(f.response);
    } catch (IOException e) { // no socket to be had, or closed by a shutdown before the attempt began
      failure = socketsClosed || shuttingDown ? "proxy shut down" : ConnectFailure.describe(e, upstreamUri.getHost());
    }
    String selected = up != null ? up.subprotocol() : request.subprotocols().isEmpty() ? null : request.subprotocols().get(0);
    try {
      // the client's handshake is accepted even when the upstream failed: every client can then read the
      // close reason, where a refused handshake leaves most of them with a bare "unexpected status"
      clientSocket.getOutputStream().write(ClientHandshake.accepted(key, selected));
      client = new WsSide(CloseInfo.CLIENT, clientSocket, clientIn, false, clock);
    } catch (IOException e) {
      if (up != null) {
        up.socket().close();
      }
      abandon();
      return;
    }
    if (up == null) {
      upstream = WsSide.unreachable(CloseInfo.UPSTREAM, true, clock);
      if (shuttingDown) {
        shutdown(); // the proxy's own shutdown cut the attempt: the client hears that, and no upstream fault is logged
      } else {
        var line = p.errorLine("upstream", failure, null);
        if (refusedWith != null) {
          line.put("upstream_response", refusedWith); // the upstream's own reason, e.g. the API's "invalid API key"
        }
        line.log();
        p.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.BAD_GATEWAY, failure));
        client.sendClose(CloseCodes.BAD_GATEWAY, failure);
        startGrace();
      }
      pump(client, upstream, Direction.CLIENT_TO_UPSTREAM);
      return;
    }
    upstream = new WsSide(CloseInfo.UPSTREAM, up.socket(), up.in(), true, clock);
    if (socketsClosed) {
      upstream.closeSocket(); // shut down while the upstream was connecting
    }
    connection.subprotocol(selected);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("upstream", connection.upstream());
    data.put("connect_ms", (clock.nanoTime() - t0) / 1e6);
    data.put("subprotocol", selected == null ? null : secrets.scrub(Secrets.describeSubprotocol(selected)));
    session.event("proxy.upstream_connected").putAll(data).log();
    p.open();
    if (shuttingDown) {
      shutdown();
    }
    Thread out = new Thread(() -> pump(upstream, client, Direction.UPSTREAM_TO_CLIENT),
        "voicelog-" + server.tap + "-" + number + "-out");
    out.setDaemon(true);
    out.start();
    pump(client, upstream, Direction.CLIENT_TO_UPSTREAM);
  }

  private Map<String, Object> startData(ClientRequest request, Secrets secrets, URI target) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tap", server.tap);
    data.put("path", secrets.scrub(request.path()));
    if (request.rawQuery() != null) {
      data.put("query", secrets.describeQuery(request.rawQuery()));
    }
    data.put("upstream", secrets.describeUri(target));
    if (!request.subprotocols().isEmpty()) {
      data.put("subprotocols", request.subprotocols().stream().map(Secrets::describeSubprotocol).map(secrets::scrub).toList());
    }
    Map<String, Object> headers = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> {
      if (UpstreamTarget.forwards(name)) {
        headers.put(name.toLowerCase(Locale.ROOT),
            Secrets.isSecretHeader(name) ? Secrets.MASK : secrets.scrub(String.join(", ", values)));
      }
    });
    data.put("headers", headers);
    data.put("client", request.remote());
    return data;
  }

  /**
   * Answers a request that is not a WebSocket handshake the relay takes, and closes the socket lingering:
   * what the client sent beyond the head the relay read (a body, a client that keeps writing) is read away
   * first, for at most {@link LingeringClose#MAX_TIME}, so that the client reads the answer, not a reset.
   * Always before the session begins.
   */
  private void refuse(ClientHandshake.Refusal refusal) {
    try {
      clientSocket.getOutputStream().write(ClientHandshake.refused(refusal));
    } catch (IOException ignored) {
      // the client is gone: nothing to tell it
    }
    if (pipeline == null && handshakeIn != null) { // as always: no session to end
      forgetUnrelayed();
      LingeringClose.close(clientSocket, handshakeIn); // a shutdown meanwhile closes the socket: it ends at once
    } else {
      abandon();
    }
  }

  /**
   * The end of a connection that never had a session: forgotten before its socket closes, so a client that
   * saw the close finds it gone from {@link RelayServer#openConnections()}.
   */
  private void forgetUnrelayed() {
    server.forget(this);
    ended.countDown();
    socketsDone.countDown(); // nothing was relayed: no side to wait for
  }

  /** A connection that failed before it was relayed: its session, if it has one, ends here. */
  private void abandon() {
    Pipeline p = pipeline;
    if (p != null) {
      p.finish(shuttingDown ? new CloseInfo(CloseInfo.PROXY, CloseCodes.GOING_AWAY, "proxy shut down")
          : new CloseInfo(CloseInfo.CLIENT, CloseCodes.ABNORMAL, "connection lost during the handshake"));
      closeSockets();
      return;
    }
    forgetUnrelayed();
    BlockingSockets.closeQuietly(clientSocket);
  }

  // ---- messages ----

  /**
   * Reads {@code from} until it is done, relaying each message to {@code to}. The loop only reads; each
   * frame's work is {@link #relayFrame}, a method of its own so that the JIT compiles it by how often it
   * is called. A loop whose body does the work is compiled only by on-stack replacement, after some 60,000
   * turns counted over every connection's pumps: at one session (100 frames a second) ten minutes in the
   * interpreter, each message spending tens of microseconds more in the relay (BENCHMARKS.md, Realtime
   * proxy, "The relay's loop, compiled").
   */
  private void pump(WsSide from, WsSide to, Direction direction) {
    MessageAssembly assembly = new MessageAssembly(from == client);
    while (true) {
      WsFrame f;
      try {
        f = WsFrame.read(from.in, server.maxMessageBytes);
      } catch (WsFrame.TooBigException e) {
        tooBig(from, direction, e.getMessage());
        return;
      } catch (IOException e) {
        lost(from, e);
        return;
      }
      if (f == null) {
        lost(from, null);
        return;
      }
      if (!relayFrame(f, from, to, direction, assembly)) {
        return;
      }
    }
  }

  /**
   * One frame read from {@code from}: relayed, or added to the message it continues. False when the pump
   * must stop.
   */
  private boolean relayFrame(WsFrame f, WsSide from, WsSide to, Direction direction, MessageAssembly a) {
    long at = clock.nanoTime();
    lastTrafficNanos = at;
    String problem = f.problem(a.fromClient);
    if (problem != null && from.malformedReported.add(problem)) { // once per kind: a broken peer breaks every frame alike
      pipeline.error(from.name, "malformed frame from the " + from.name + ": " + problem
          + "; relayed as it was (logged once per connection and direction)", direction);
    }
    if (f.opcode == WsFrame.CLOSE) {
      closeReceived(from, to, f, direction);
      return true;
    }
    if (f.isControl() || !f.isKnown()) { // pings, pongs and unknown frames pass at once, untouched
      forward(to, f.raw, direction);
      return true;
    }
    if (f.opcode == WsFrame.CONTINUATION && !a.isOpen()) {
      pipeline.error(from.name, "a continuation frame with no message to continue; relayed as it was", direction);
      forward(to, f.raw, direction);
      return true;
    }
    if (f.opcode != WsFrame.CONTINUATION && a.isOpen()) {
      pipeline.error(from.name, "a new message began before the last one ended; the unfinished one is relayed as it was", direction);
      forward(to, a.abandon(), direction);
    }
    if (!a.add(f, server.maxMessageBytes)) {
      tooBig(from, direction, "a message of more than " + server.maxMessageBytes + " bytes");
      return false;
    }
    if (f.fin) {
      byte[] wire = a.complete(f);
      deliver(a.isText(), a.payload, a.offset, a.length, wire, at, from, to, direction);
      a.reset();
    }
    return true;
  }

  /**
   * One whole message through the pipeline; forwarded as the frames it came in unless an interceptor replaced
   * it. Its payload is {@code len} bytes of {@code payload} from {@code off}, unmasked: text is decoded into a
   * string (so the array may be a buffer the next message reuses); binary is wrapped as it is (so the array
   * must be this message's own).
   */
  private void deliver(boolean text, byte[] payload, int off, int len, byte[] wire, long at, WsSide from, WsSide to,
      Direction direction) {
    Message m;
    if (text) {
      String s = Utf8.decode(payload, off, len);
      if (s == null) {
        pipeline.error(from.name, "a text message that is not valid UTF-8; relayed as it was", direction);
        s = new String(payload, off, len, StandardCharsets.UTF_8);
      }
      m = Message.text(direction, s, at);
    } else {
      m = Message.binary(direction, ByteBuffer.wrap(payload, off, len).slice(), at);
    }
    boolean piped = pipeline.relay(m, sent -> {
      long now = clock.nanoTime();
      byte[] bytes = sent == m ? wire : reencode(sent, to.masks);
      return forward(to, bytes, direction) ? now : Chain.NOT_SENT;
    });
    if (!piped) {
      // the session is over (a side's close came), but the other side may still send until it answers that
      // close (RFC 6455 5.5.1): passed on, unlogged; once that side has been sent a close, nothing is written
      forward(to, wire, direction);
    }
  }

  private static byte[] reencode(Message m, boolean mask) {
    if (m.isText()) {
      return WsFrame.encode(WsFrame.TEXT, m.text().getBytes(StandardCharsets.UTF_8), mask);
    }
    ByteBuffer b = m.binary();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return WsFrame.encode(WsFrame.BINARY, bytes, mask);
  }

  /** Writes frames to {@code to}; false when they could not be (it is closing, gone, or the write failed). */
  private boolean forward(WsSide to, byte[] frames, Direction direction) {
    try {
      return to.write(frames);
    } catch (IOException e) {
      if (!socketsClosed && !to.gone) {
        fault(to.name, "could not send to " + to.name + ": " + e, direction);
      }
      lost(to, e);
      return false;
    }
  }

  /**
   * Logs a side's failure as an ERROR, unless the connection is already ending: then a side hanging up or a
   * write failing is how the ending goes (the other side's close, a peer that drops the socket instead of
   * answering), not a fault.
   */
  private void fault(String source, String message, Direction direction) {
    if (pipeline.closing() == null) {
      pipeline.error(source, message, direction);
    }
  }

  // ---- closing ----

  /**
   * A side sent its close frame: that is how the connection ends (unless it already was ending), and the
   * close goes to the other side as it came, whose answer will come back the same way. If the other side
   * cannot answer (gone, or already sent a close), the relay answers itself.
   */
  private void closeReceived(WsSide from, WsSide to, WsFrame f, Direction direction) {
    byte[] payload = f.payload();
    String invalid = WsFrame.closeProblem(payload);
    if (invalid != null) {
      invalidClose(from, to, invalid, direction);
      return;
    }
    int code = WsFrame.closeCode(payload);
    String reason = WsFrame.closeReason(payload);
    from.closeReceived = true;
    pipeline.finish(new CloseInfo(from.name, code, pipeline.connection().secrets().scrub(reason)));
    if ((proxyClosing || !to.forwardClose(f.raw)) && !from.closeSent) {
      from.sendClose(CloseCodes.relayed(code), reason);
    }
    startGrace();
    closeIfDone();
  }

  /**
   * A side sent a close RFC 6455 forbids ({@code problem}: a code that may not be sent, a 1-byte payload, a
   * reason that is not UTF-8), which its receiver must answer by failing the connection with 1002. Relayed,
   * it would make a compliant other side fail it too, blaming the relay; so the relay fails it, as with the
   * other faults it closes for (a message too big): 1002 to that side, and 1002 naming that side's fault to
   * the other, whose answer ends the connection as usual. The session ends by that side, with 1002.
   */
  private void invalidClose(WsSide from, WsSide to, String problem, Direction direction) {
    String what = "invalid close frame from the " + from.name + ": " + problem;
    from.closeReceived = true;
    pipeline.error(from.name, what + "; not relayed, both sides closed with 1002", direction);
    pipeline.finish(new CloseInfo(from.name, CloseCodes.PROTOCOL_ERROR, what));
    proxyClosing = true;
    from.sendClose(CloseCodes.PROTOCOL_ERROR, "invalid close frame: " + problem);
    to.sendClose(CloseCodes.PROTOCOL_ERROR, "the " + from.name + " sent an invalid close frame: " + problem);
    startGrace();
    closeIfDone();
  }

  /**
   * A side's stream ended or failed. After its close frame that is the normal end; before it, the
   * connection is lost: it ends with code 1006 and the other side is told (1014 to a client, 1001 to an
   * upstream).
   */
  private void lost(WsSide side, IOException e) {
    if (!side.markGone()) {
      return;
    }
    side.closeSocket();
    if (!side.closeReceived && !socketsClosed && !shuttingDown) {
      WsSide other = side == client ? upstream : client;
      if (side == client) {
        pipeline.finish(new CloseInfo(CloseInfo.CLIENT, CloseCodes.ABNORMAL,
            e == null ? "client connection lost" : "client connection lost: " + describe(e)));
        other.sendClose(CloseCodes.GOING_AWAY, "client connection lost");
      } else {
        String reason = pipeline.connection().secrets().scrub("upstream connection lost: "
            + (e == null ? "closed without a close frame" : describe(e)));
        fault("upstream", reason, null);
        pipeline.finish(new CloseInfo(CloseInfo.UPSTREAM, CloseCodes.ABNORMAL, reason));
        other.sendClose(CloseCodes.BAD_GATEWAY, reason);
      }
    }
    startGrace();
    closeIfDone();
  }

  /**
   * A side sent a message longer than the relay takes: 1009 to it, 1001 to the other, and the connection
   * ends. Its pump (this thread) cannot read on: the rest of the message is still coming, and is no frames.
   * So the sender's socket gets a lingering close here, not a plain one, whose reset could cost it the 1009;
   * the other side answers its close as at a shutdown, within the close grace.
   */
  private void tooBig(WsSide from, Direction direction, String what) {
    String reason = "message too big for the voicelog relay: " + what;
    pipeline.error(from.name, reason, direction);
    pipeline.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.MESSAGE_TOO_BIG, reason));
    proxyClosing = true;
    from.sendClose(CloseCodes.MESSAGE_TOO_BIG, "message too big");
    (from == client ? upstream : client).sendClose(CloseCodes.GOING_AWAY, "the other side sent a message too big");
    startGrace();
    from.closeLingering();
    from.markGone();
    closeIfDone();
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  /**
   * The proxy is shutting down: both sides are told so, and the session ends with {@code closed_by: proxy}.
   * A connection still in its handshake has its upstream attempt cut, and is told by {@link #relay} once it
   * has its sides (the client its 101, then the close), rather than left with a socket that just ends.
   */
  void shutdown() {
    shuttingDown = true;
    Pipeline p = pipeline;
    WsSide c = client;
    WsSide u = upstream;
    if (p == null) {
      closeSockets(); // before its session began: run() ends it
      return;
    }
    if (c == null || u == null) {
      if (u == null) {
        BlockingSockets.closeQuietly(upstreamSocket); // aborts a connect or handshake; relay() sees shuttingDown next
      }
      return;
    }
    p.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.GOING_AWAY, "proxy shut down"));
    proxyClosing = true;
    c.sendClose(CloseCodes.GOING_AWAY, "voicelog proxy shutting down");
    u.sendClose(CloseCodes.GOING_AWAY, "voicelog proxy shutting down");
    startGrace();
    closeIfDone();
  }

  /**
   * The server's periodic check: a connection with no traffic for the idle timeout is closed, and one whose
   * write has been stuck for the send timeout is dropped.
   */
  void check(long now) {
    WsSide c = client;
    WsSide u = upstream;
    Pipeline p = pipeline;
    if (c == null || u == null || p == null || socketsClosed) {
      return;
    }
    for (WsSide s : new WsSide[] {c, u}) {
      long since = s.writingSince;
      if (since != 0 && now - since > server.sendTimeout.toNanos()) {
        String reason = "a write to the " + s.name + " has been stuck for " + spoken(server.sendTimeout);
        p.error(s.name, reason, null);
        p.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.ABNORMAL, reason));
        closeSockets();
        return;
      }
    }
    if (now - lastTrafficNanos > server.idleTimeout.toNanos() && !proxyClosing && !c.closeSent) {
      String reason = "no traffic for " + spoken(server.idleTimeout);
      p.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.GOING_AWAY, reason));
      proxyClosing = true;
      startGrace();
      // not on the timer's thread: a peer that stopped reading could block the write, and the timer must
      // stay free to end the grace
      Thread closing = new Thread(() -> {
        c.sendClose(CloseCodes.GOING_AWAY, "voicelog proxy: " + reason);
        u.sendClose(CloseCodes.GOING_AWAY, "voicelog proxy: " + reason);
      }, "voicelog-" + server.tap + "-" + number + "-idle");
      closing.setDaemon(true);
      closing.start();
    }
  }

  /** A setting's duration as a close reason says it: {@code 300 ms}, {@code 30 s}, {@code 65 min}. */
  static String spoken(java.time.Duration d) {
    if (d.toMillis() < 1_000 || d.toMillis() % 1_000 != 0) {
      return d.toMillis() + " ms";
    }
    return d.toSeconds() < 120 || d.toSeconds() % 60 != 0 ? d.toSeconds() + " s" : d.toMinutes() + " min";
  }

  /** Once a close is under way, the sides have the close grace to finish it; then the sockets are closed. */
  private void startGrace() {
    if (graceStarted.compareAndSet(false, true)) {
      server.later(server.closeGrace, this::closeSockets);
    }
  }

  private void closeIfDone() {
    WsSide c = client;
    WsSide u = upstream;
    if (c != null && u != null && c.done() && u.done()) {
      closeSockets();
    }
  }

  /**
   * Closes both sockets: the pumps' reads end, and the pipeline ends the session once they are out. Closes
   * whatever sockets exist each time it is called (closing twice is harmless), so a side connected after a
   * first call is closed by the next.
   */
  private void closeSockets() {
    socketsClosed = true;
    socketsDone.countDown();
    WsSide c = client;
    WsSide u = upstream;
    if (c != null) {
      c.closeSocket();
    } else {
      BlockingSockets.closeQuietly(clientSocket);
    }
    if (u != null) {
      u.closeSocket();
    }
    BlockingSockets.closeQuietly(upstreamSocket); // aborts a connect or handshake in progress
    Pipeline p = pipeline;
    if (p != null) {
      p.finish(new CloseInfo(CloseInfo.PROXY, CloseCodes.GOING_AWAY, "proxy shut down"));
    }
  }

  /** Closes both sockets at once, whatever the closing handshake's state (the server is going away). */
  void abort() {
    closeSockets();
  }

  /**
   * Waits until the session has ended (its SESSION_END written) and the sockets are closed (both sides done,
   * or the close grace over), for at most {@code millis}. The session of a shutdown ends at once, before the
   * sides have answered its close: waiting for the end alone would cut their answers off.
   */
  boolean awaitEnd(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      return ended.await(millis, TimeUnit.MILLISECONDS)
          && socketsDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
    server.forget(this);
    pipeline.connection().session().end(data);
    ended.countDown();
  }
}
