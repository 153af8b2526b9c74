package dev.voicelog.tap.relay;

import dev.voicelog.VoiceLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A TCP relay with the same logging pipeline as {@link RelayServer}: every client that connects gets its
 * own connection to the upstream and its own log session, and the bytes of either direction go through the
 * {@link Interceptor}s before they are forwarded unchanged. The AudioSocket tap is one configuration of it.
 *
 * <p>TCP has no messages: a {@link Message} here is one read from a socket (binary; whatever the sender's
 * writes and the network made of the stream). An interceptor that needs the protocol's own frames parses
 * them across reads and {@link Message#attach attaches} them for the others.
 *
 * <p><b>Threads.</b> One accepting thread, and two threads per connection, one per direction
 * ({@code voicelog-TAP-N-in} reads the client, {@code voicelog-TAP-N-out} the upstream), each reading with
 * blocking I/O and running its chain inline: a message is forwarded (a blocking write, so a slow side slows
 * the other through TCP) before the interceptors' post-work runs. When one side ends its stream the relay
 * ends the other side's (a half-close), and the connection is over when both directions are; a reset, a
 * failed write or {@link #close()} ends both at once.
 *
 * <p><b>Naming sessions.</b> A protocol whose first bytes identify the call (AudioSocket's UUID frame)
 * names the session with them: the relay waits up to {@link Builder#firstBytesWait} for the client's first
 * read, asks {@link Builder#sessionId} for an id, and only then starts the session, so every line of the
 * call carries that id.
 *
 * <p><b>Thread safety.</b> Thread-safe. {@link #close()} may be called from any thread, once or more.
 */
public final class TcpRelayServer implements AutoCloseable {
  /** How long connecting to the upstream may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How long the relay waits for the client's first bytes before it starts the session without them. */
  public static final Duration DEFAULT_FIRST_BYTES_WAIT = Duration.ofSeconds(2);
  /** The largest single read, bytes: one message of the pipeline. */
  public static final int DEFAULT_READ_BUFFER_BYTES = 16 * 1024;

  final VoiceLog log;
  final InetSocketAddress upstream;
  final String tap;
  final Function<Connection, List<Interceptor>> interceptors;
  final Function<ByteBuffer, String> sessionId;
  final Duration connectTimeout;
  final Duration firstBytesWait;
  final int readBufferBytes;
  private final Acceptor acceptor;
  private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
  /** How long {@link #close()} waits, in all, for the connections' endings to be logged. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  private TcpRelayServer(Builder b) throws IOException {
    this.log = b.log;
    this.upstream = b.upstream;
    this.tap = b.tap;
    this.interceptors = b.interceptors;
    this.sessionId = b.sessionId;
    this.connectTimeout = b.connectTimeout;
    this.firstBytesWait = b.firstBytesWait;
    this.readBufferBytes = b.readBufferBytes;
    this.acceptor = new Acceptor(b.host, b.port, tap, this::accepted);
  }

  /** A builder; {@link Builder#log}, {@link Builder#upstream} and {@link Builder#interceptors} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on (useful when built with port 0). */
  public int port() {
    return acceptor.port();
  }

  /** Connections currently relayed. */
  public int openConnections() {
    return open.size();
  }

  /**
   * Stops accepting, closes every relayed connection (their sessions end with {@code closed_by: proxy})
   * and waits up to {@link #CLOSE_WAIT} in all for their endings to be logged. Does not close the
   * {@link VoiceLog}. The first call does the work; a call made at the same time returns at once.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    acceptor.close();
    List<TcpConnection> all = new ArrayList<>(open);
    for (TcpConnection c : all) {
      c.shutdown(); // closes both sockets: the relay threads' reads and writes end at once
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos(); // one wait for all, not one per connection
    for (TcpConnection c : all) {
      c.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  private Runnable accepted(Socket client, long number) {
    TcpConnection c = new TcpConnection(this, client, number);
    open.add(c);
    if (closed) {
      c.shutdown();
    }
    return c::run;
  }


  void ended(TcpConnection c) {
    open.remove(c);
  }

  /** Builds and starts a {@link TcpRelayServer}. Not thread-safe. */
  public static final class Builder {
    private VoiceLog log;
    private InetSocketAddress upstream;
    private String host = "127.0.0.1";
    private int port;
    private String tap = "tcp";
    private Function<Connection, List<Interceptor>> interceptors;
    private Function<ByteBuffer, String> sessionId = first -> null;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration firstBytesWait = DEFAULT_FIRST_BYTES_WAIT;
    private int readBufferBytes = DEFAULT_READ_BUFFER_BYTES;

    private Builder() {}

    /** The log every connection gets its session in. Required. */
    public Builder log(VoiceLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Where every connection goes: a host and port (the name is resolved at each connection). Required. */
    public Builder upstream(String host, int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("upstream port must be 1 to 65535, got " + port);
      }
      if (Objects.requireNonNull(host, "host").isBlank()) {
        throw new IllegalArgumentException("upstream host is empty");
      }
      this.upstream = InetSocketAddress.createUnresolved(host, port);
      return this;
    }

    /** Where to listen (default 127.0.0.1, port 0: any free port, see {@link TcpRelayServer#port()}). */
    public Builder listen(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = Settings.listenPort(port);
      return this;
    }

    /** The tap's name: written as {@code "tap"} in every SESSION_START, and in its threads' names. */
    public Builder tap(String name) {
      this.tap = Objects.requireNonNull(name, "tap");
      return this;
    }

    /** Makes the interceptors of one connection, outermost first. Required. */
    public Builder interceptors(Function<Connection, List<Interceptor>> factory) {
      this.interceptors = Objects.requireNonNull(factory, "interceptors");
      return this;
    }

    /**
     * Names a connection's session from the client's first read (a read-only view; it is relayed
     * afterwards all the same); null or blank gives a generated id. Default: always generated. Must not throw
     * (what it throws is treated as null).
     */
    public Builder sessionId(Function<ByteBuffer, String> fromFirstBytes) {
      this.sessionId = Objects.requireNonNull(fromFirstBytes, "sessionId");
      return this;
    }

    /** How long connecting to the upstream may take (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Settings.positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the client's first bytes to name the session (default {@link #DEFAULT_FIRST_BYTES_WAIT}). */
    public Builder firstBytesWait(Duration wait) {
      this.firstBytesWait = Settings.positive(wait, "firstBytesWait");
      return this;
    }

    /** The largest single read (default {@link #DEFAULT_READ_BUFFER_BYTES}; 512 to 1 MiB). */
    public Builder readBufferBytes(int bytes) {
      if (bytes < 512 || bytes > 1 << 20) {
        throw new IllegalArgumentException("readBufferBytes must be 512 to 1048576, got " + bytes);
      }
      this.readBufferBytes = bytes;
      return this;
    }

    /**
     * Starts listening. Blocks until the socket is bound.
     *
     * @throws IllegalStateException when a required setting is missing
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public TcpRelayServer start() throws IOException {
      if (log == null || upstream == null || interceptors == null) {
        throw new IllegalStateException("log, upstream and interceptors are required");
      }
      return new TcpRelayServer(this);
    }
  }
}
