package dev.voicelog.tap.relay;

import dev.voicelog.VoiceLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * A WebSocket relay with a logging pipeline: every client that connects gets its own upstream connection
 * (same path, query, headers, subprotocols and handshake key as it sent) and its own log session, and every
 * message in either direction goes through the {@link Interceptor}s and is forwarded as the very frames it
 * came in. The Realtime proxy is one configuration of it; the Twilio tap is another.
 *
 * <p><b>Why it speaks WebSocket itself.</b> A relay built from a WebSocket server and a WebSocket client
 * library hands each message from a selector thread to a worker and back: two or three thread wake-ups
 * per hop, each about 100 µs on a small virtual machine, which is the whole latency budget. Here each
 * direction is one thread that reads a frame with blocking I/O and writes it to the other socket itself:
 * one wake-up per hop, and the frame bytes are forwarded untouched (a client's masked frame keeps its
 * mask). The protocol work is small: the opening handshake ({@link HttpHead}, {@link UpstreamHandshake}),
 * frame headers ({@link WsFrame}), the closing handshake ({@link ProxyConnection}). No extension is
 * negotiated, so every frame can be read.
 *
 * <p><b>Opening.</b> The upstream is connected while the client waits for its handshake's answer, so the
 * client gets the subprotocol the upstream selected. When the upstream cannot be reached, the client's
 * handshake is accepted and at once closed with code 1014 (bad gateway) and a reason saying why, which
 * every WebSocket client can show; the log records the same. A request that is not a WebSocket handshake
 * gets 400 or 426 with a line saying what was expected.
 *
 * <p><b>Closing.</b> A close frame from either side is relayed to the other, whose answer is relayed
 * back; then both sockets are closed (or after {@link Builder#closeGrace} if an answer does not come). A
 * close RFC 6455 forbids (a code that may not be sent, a 1-byte payload, a reason that is not UTF-8) is not
 * relayed: both sides get 1002, the other's reason naming the side at fault, and an ERROR is logged. A
 * message above {@link Builder#maxMessageBytes} gets its sender 1009 and the other side 1001; the sender's
 * socket is closed lingering (its input read away for at most a second), so it reads the 1009 rather than a
 * connection reset. A side that vanishes without a close ends the session with code 1006, and the other
 * side gets a close saying so (1014 to a client, 1001 to an upstream). A connection with no traffic for the
 * idle timeout is closed, and one whose write has been stuck for the send timeout is dropped.
 *
 * <p><b>Threads.</b> One accepting thread, two threads per connection ({@code voicelog-TAP-N-in} and
 * {@code -out}), and one timer thread for the close grace and the idle and stuck-write checks.
 *
 * <p><b>Thread safety.</b> Thread-safe. {@link #close()} may be called from any thread, once or more.
 */
public final class RelayServer implements AutoCloseable {
  /** How long connecting to the upstream (TCP, TLS and the WebSocket handshake) may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A connection with no traffic for this long is closed (the Realtime API's own sessions last up to an hour). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(65);
  /** The largest message relayed; the Realtime API accepts events of up to 15 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /** How long a write to either side may take before the connection counts as stuck. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
  /** How long a side has to answer a close before the connection is dropped. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  final VoiceLog log;
  final URI upstream;
  final String tap;
  final Function<Connection, List<Interceptor>> interceptors;
  final Duration connectTimeout;
  final Duration idleTimeout;
  final Duration sendTimeout;
  final Duration closeGrace;
  final int maxMessageBytes;
  final SSLSocketFactory tls;
  private final Set<ProxyConnection> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final Acceptor acceptor;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  private RelayServer(Builder b) {
    this.log = b.log;
    this.upstream = b.upstream;
    this.tap = b.tap;
    this.interceptors = b.interceptors;
    this.connectTimeout = b.connectTimeout;
    this.idleTimeout = b.idleTimeout;
    this.sendTimeout = b.sendTimeout;
    this.closeGrace = b.closeGrace;
    this.maxMessageBytes = b.maxMessageBytes;
    this.tls = b.tls != null ? b.tls.getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "voicelog-" + tap + "-timer");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(10, Math.min(1_000, Math.min(b.idleTimeout.toMillis(), b.sendTimeout.toMillis()) / 4));
    timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    try {
      this.acceptor = new Acceptor(b.host, b.port, tap, this::accepted);
    } catch (IOException e) {
      timer.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
    }
  }

  /** A builder; {@link Builder#log}, {@link Builder#upstream} and {@link Builder#interceptors} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on (useful when built with port 0). */
  public int port() {
    return acceptor.port();
  }

  /** Connections currently open (including those still in their opening handshake). */
  public int openConnections() {
    return open.size();
  }

  /**
   * Stops accepting clients, closes every relayed connection (code 1001 to both sides; their sessions end
   * with {@code closed_by: proxy}), waits up to the close grace and a second, in all, for their endings to
   * be logged and their sides to answer, and then cuts the sockets of any side that has not: when it
   * returns, none of the server's sockets is open and no relay thread reads one (but a refused request's,
   * read away for at most a second after its refusal so that its client reads it, not a reset). Does not
   * close the {@link VoiceLog}.
   * The first call does the work; a call made at the same time returns at once.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    acceptor.close();
    List<ProxyConnection> all = new ArrayList<>(open);
    for (ProxyConnection c : all) {
      c.shutdown();
    }
    long deadline = System.nanoTime() + closeGrace.toNanos() + TimeUnit.SECONDS.toNanos(1);
    for (ProxyConnection c : all) {
      c.awaitEnd(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }
    // what has not ended by now is cut, so no thread outlives the server on a socket: every connection, not
    // only those still open (a session ends before its sides answer the close, and the grace's timer task
    // that would have cut a side that never answers is cancelled below)
    all.addAll(open);
    for (ProxyConnection c : all) {
      c.abort();
    }
    timer.shutdownNow();
  }

  private Runnable accepted(Socket client, long number) {
    ProxyConnection c = new ProxyConnection(this, client, number);
    open.add(c);
    if (closed) {
      c.shutdown();
    }
    return c::run;
  }

  private void check() {
    long now = log.clock().nanoTime();
    for (ProxyConnection c : open) {
      c.check(now);
    }
  }

  /** Runs {@code task} on the timer thread after {@code delay} (at once, here, once the server is closed). */
  void later(Duration delay, Runnable task) {
    try {
      timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      task.run();
    }
  }

  void forget(ProxyConnection c) {
    open.remove(c);
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
    private SSLContext tls;

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
      this.host = Objects.requireNonNull(host, "host");
      this.port = Settings.listenPort(port);
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
      this.connectTimeout = Settings.positive(timeout, "connectTimeout");
      return this;
    }

    /** How long a silent connection is kept (default {@link #DEFAULT_IDLE_TIMEOUT}). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Settings.positive(timeout, "idleTimeout");
      return this;
    }

    /** How long a write to either side may block before the connection is dropped (default {@link #DEFAULT_SEND_TIMEOUT}). */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = Settings.positive(timeout, "sendTimeout");
      return this;
    }

    /**
     * The TLS context for a {@code wss://} upstream (default: the JVM's, which trusts the JDK's CA
     * certificates or the {@code javax.net.ssl.trustStore} given). The upstream's host name is verified
     * either way.
     */
    public Builder upstreamTls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /** How long a side has to answer a close (default {@link #DEFAULT_CLOSE_GRACE}). */
    public Builder closeGrace(Duration grace) {
      this.closeGrace = Settings.positive(grace, "closeGrace");
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

    /**
     * Starts listening. Blocks until the server is up.
     *
     * @throws IllegalStateException when a required setting is missing
     * @throws UncheckedIOException when the address cannot be bound (in use, not local)
     */
    public RelayServer start() {
      if (log == null || upstream == null || interceptors == null) {
        throw new IllegalStateException("log, upstream and interceptors are required");
      }
      return new RelayServer(this);
    }
  }
}
