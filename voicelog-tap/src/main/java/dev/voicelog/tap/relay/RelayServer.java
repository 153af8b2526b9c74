package dev.voicelog.tap.relay;

import dev.voicelog.VoiceLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A WebSocket relay with a logging pipeline: every client that connects gets its own upstream connection
 * (same path, query, headers and subprotocols as it sent) and its own log session, and every message in
 * either direction goes through the {@link Interceptor}s before it is forwarded unchanged. The Realtime
 * proxy is one configuration of it; the telephony taps are others.
 *
 * <p>The upstream is connected while the client's handshake is still open, so the client gets the
 * subprotocol the upstream selected. When the upstream cannot be reached, the client's handshake is
 * accepted and at once closed with code 1014 (bad gateway) and a reason saying why, which every
 * WebSocket client can show; the log records the same.
 *
 * <p><b>Thread safety.</b> Thread-safe. {@link #close()} may be called from any thread, once or more.
 */
public final class RelayServer implements AutoCloseable {
  /** How long connecting to the upstream may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A connection with no traffic for this long is closed (the Realtime API's own sessions last up to an hour). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(65);
  /** The largest message relayed; the Realtime API accepts events of up to 15 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /** How long a write to either side may take before the connection counts as stuck. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
  /** How long the upstream has to answer our close before the connection is dropped. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  private static final String RELAY_ATTRIBUTE = "dev.voicelog.tap.relay";

  final VoiceLog log;
  /**
   * The upstream clients, one per processor: each has one selector thread, on which its connections'
   * messages are relayed (callbacks run inline, see below), so connections are spread over them.
   */
  private final HttpClient[] clients;
  private final java.util.concurrent.atomic.AtomicInteger nextClient = new java.util.concurrent.atomic.AtomicInteger();
  final Duration connectTimeout;
  final Duration sendTimeout;
  final Duration closeGrace;
  private final URI upstream;
  private final String tap;
  private final Function<Connection, List<Interceptor>> interceptors;
  private final Set<ProxyConnection> open = ConcurrentHashMap.newKeySet();
  private final Javalin app;
  private volatile boolean closed;

  private RelayServer(Builder b) {
    this.log = b.log;
    this.upstream = b.upstream;
    this.tap = b.tap;
    this.interceptors = b.interceptors;
    this.connectTimeout = b.connectTimeout;
    this.sendTimeout = b.sendTimeout;
    this.closeGrace = b.closeGrace;
    // Callbacks run inline on the client's selector thread: the upstream-to-client path never blocks (see
    // ProxyConnection), and a hand-off to a pool thread per message would add a context switch to each.
    this.clients = new HttpClient[Math.max(1, Runtime.getRuntime().availableProcessors())];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = HttpClient.newBuilder().connectTimeout(b.connectTimeout).executor(Runnable::run).build();
    }
    quietSlf4j();
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxTextMessageSize(b.maxMessageBytes);
        f.setMaxBinaryMessageSize(b.maxMessageBytes);
        f.setIdleTimeout(b.idleTimeout);
      });
      cfg.routes.wsBeforeUpgrade(this::handshake);
      cfg.routes.ws("*", this::configure);
    });
    app.start(b.host, b.port);
  }

  /** A builder; {@link Builder#log}, {@link Builder#upstream} and {@link Builder#interceptors} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on (useful when built with port 0). */
  public int port() {
    return app.port();
  }

  /** Connections currently relayed. */
  public int openConnections() {
    return open.size();
  }

  /**
   * Stops accepting clients, closes every relayed connection (code 1001 to both sides; their sessions end
   * with {@code closed_by: proxy}) and stops the server. Does not close the {@link VoiceLog}. Blocks until
   * the server has stopped.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ProxyConnection c : new ArrayList<>(open)) {
      c.shutdown();
    }
    app.stop();
  }

  private void handshake(Context ctx) {
    var req = ctx.req();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name, Collections.list(req.getHeaders(name)));
    }
    List<String> subprotocols = new ArrayList<>();
    for (String h : headers.getOrDefault("Sec-WebSocket-Protocol", List.of())) {
      for (String p : h.split(",")) {
        if (!p.isBlank()) {
          subprotocols.add(p.strip());
        }
      }
    }
    ClientRequest request = new ClientRequest(req.getRequestURI(), req.getQueryString(), headers, subprotocols,
        req.getRemoteAddr() + ":" + req.getRemotePort());
    Secrets secrets = request.secrets();
    URI target = UpstreamTarget.resolve(upstream, request.path(), request.rawQuery());
    var session = log.startSession(null, startData(request, secrets, target));
    Connection connection = new Connection(session, request, secrets, secrets.describeUri(target));
    ProxyConnection relay = new ProxyConnection(this, connection, interceptors.apply(connection));
    String selected = relay.connectUpstream(target);
    if (!relay.failedToConnect()) {
      // The client gets what the upstream chose (null removes the header Javalin set by default). When the
      // upstream failed, Javalin's choice (the client's first offer) stays, so that any client accepts the
      // handshake and then reads the close reason.
      ctx.res().setHeader("Sec-WebSocket-Protocol", selected);
    }
    ctx.attribute(RELAY_ATTRIBUTE, relay);
  }

  private Map<String, Object> startData(ClientRequest request, Secrets secrets, URI target) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tap", tap);
    data.put("path", request.path());
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
        headers.put(name.toLowerCase(java.util.Locale.ROOT),
            Secrets.isSecretHeader(name) ? Secrets.MASK : secrets.scrub(String.join(", ", values)));
      }
    });
    data.put("headers", headers);
    data.put("client", request.remote());
    return data;
  }

  private void configure(WsConfig ws) {
    ws.onConnect(ctx -> relay(ctx).clientOpened(ctx.session));
    ws.onMessage(ctx -> {
      ProxyConnection r = relay(ctx);
      r.fromClient(Message.text(Direction.CLIENT_TO_UPSTREAM, ctx.message(), r.clock().nanoTime()));
    });
    ws.onBinaryMessage(ctx -> {
      ProxyConnection r = relay(ctx);
      ByteBuffer copy = ByteBuffer.allocate(ctx.data().remaining()).put(ctx.data()).flip();
      r.fromClient(Message.binary(Direction.CLIENT_TO_UPSTREAM, copy, r.clock().nanoTime()));
    });
    ws.onClose(ctx -> relay(ctx).clientClosed(ctx.status(), ctx.reason()));
    ws.onError(ctx -> {
      if (ctx.error() != null) {
        relay(ctx).clientFailed(ctx.error());
      }
    });
  }

  private static ProxyConnection relay(io.javalin.websocket.WsContext ctx) {
    ProxyConnection r = ctx.attribute(RELAY_ATTRIBUTE);
    if (r == null) {
      throw new IllegalStateException("WebSocket without a relay: the handshake handler did not run");
    }
    return r;
  }

  /** The upstream client for the next connection (round robin). */
  HttpClient http() {
    return clients[Math.floorMod(nextClient.getAndIncrement(), clients.length)];
  }

  void opened(ProxyConnection c) {
    open.add(c);
    if (closed) {
      c.shutdown();
    }
  }

  void closed(ProxyConnection c) {
    open.remove(c);
  }

  /** SLF4J (Javalin's logging API) prints a warning when no backend is present; the tap has none on purpose. */
  private static void quietSlf4j() {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  /** Builds and starts a {@link RelayServer}. Not thread-safe. */
  public static final class Builder {
    private VoiceLog log;
    private URI upstream;
    private String host = "127.0.0.1";
    private int port;
    private String tap = "relay";
    private Function<Connection, List<Interceptor>> interceptors;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private Duration closeGrace = DEFAULT_CLOSE_GRACE;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

    private Builder() {}

    /** The log every connection gets its session in. Required. */
    public Builder log(VoiceLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** The upstream: {@code ws://} or {@code wss://}, host, and the path used when a client connects to {@code /}. */
    public Builder upstream(URI upstream) {
      this.upstream = UpstreamTarget.validate(Objects.requireNonNull(upstream, "upstream"));
      return this;
    }

    /** Where to listen (default 127.0.0.1, port 0: any free port, see {@link RelayServer#port()}). */
    public Builder listen(String host, int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** The tap's name, written as {@code "tap"} in every SESSION_START (e.g. {@code "realtime"}). */
    public Builder tap(String name) {
      this.tap = Objects.requireNonNull(name, "tap");
      return this;
    }

    /** Makes the interceptors of one connection, outermost first. Required. */
    public Builder interceptors(Function<Connection, List<Interceptor>> factory) {
      this.interceptors = Objects.requireNonNull(factory, "interceptors");
      return this;
    }

    /** How long connecting to the upstream may take (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long a silent connection is kept (default {@link #DEFAULT_IDLE_TIMEOUT}). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** How long the upstream has to answer a close (default {@link #DEFAULT_CLOSE_GRACE}). */
    public Builder closeGrace(Duration grace) {
      this.closeGrace = positive(grace, "closeGrace");
      return this;
    }

    /** The largest message relayed, bytes (default {@link #DEFAULT_MAX_MESSAGE_BYTES}). */
    public Builder maxMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * Starts listening. Blocks until the server is up.
     *
     * @throws IllegalStateException when a required setting is missing
     * @throws RuntimeException from the server when the address cannot be bound (in use, not local)
     */
    public RelayServer start() {
      if (log == null || upstream == null || interceptors == null) {
        throw new IllegalStateException("log, upstream and interceptors are required");
      }
      return new RelayServer(this);
    }
  }
}
