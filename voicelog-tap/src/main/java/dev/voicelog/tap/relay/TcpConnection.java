package dev.voicelog.tap.relay;

import dev.voicelog.MonotonicClock;
import dev.voicelog.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client relayed to its upstream over TCP: connects the upstream, names and starts the session, then
 * pumps each direction on its own thread through the pipeline (see {@link TcpRelayServer} for the rules).
 */
final class TcpConnection {
  /** How long the other direction may go on after one side ended its stream, before both are closed. */
  static final Duration HALF_CLOSE_GRACE = Duration.ofSeconds(5);

  private final TcpRelayServer server;
  private final Socket client;
  private final long number;
  private final MonotonicClock clock;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicLong fromClient = new AtomicLong();
  private final AtomicLong fromUpstream = new AtomicLong();
  /** Directions whose stream has ended (EOF read); at 2 the connection is over. */
  private final AtomicInteger directionsDone = new AtomicInteger();
  /** The first reason the connection ends; the others are consequences. */
  private final AtomicReference<CloseInfo> cause = new AtomicReference<>();
  private volatile Socket upstream;
  private volatile Pipeline pipeline;
  private volatile boolean shuttingDown;
  /** The upstream socket while it connects, so a shutdown can cut the attempt short. */
  private volatile Socket connecting;

  TcpConnection(TcpRelayServer server, Socket client, long number) {
    this.server = server;
    this.client = client;
    this.number = number;
    this.clock = server.log.clock();
  }

  /** The whole connection, on its client-reading thread. */
  void run() {
    try {
      client.setTcpNoDelay(true);
    } catch (IOException ignored) {
      // a socket that cannot take options fails on its first read, which is handled there
    }
    long t0 = clock.nanoTime();
    Attempt attempt = connect();
    Socket up = attempt.socket();
    String failure = attempt.failure();
    double connectMs = (clock.nanoTime() - t0) / 1e6;
    byte[] buf = new byte[server.readBufferBytes];
    int first = readFirst(buf);
    long firstAt = clock.nanoTime();

    String remote = client.getInetAddress().getHostAddress() + ":" + client.getPort();
    String target = upstreamName();
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("tap", server.tap);
    start.put("client", remote);
    start.put("upstream", target);
    Session session = server.log.startSession(sessionId(buf, Math.max(first, 0)), start);
    Connection connection = new Connection(session, new ClientRequest("/", null, Map.of(), List.of(), remote), new Secrets(), target);
    Pipeline p = new Pipeline(connection, server.interceptors.apply(connection), this::end);
    pipeline = p;
    if (failure != null || shuttingDown) {
      String reason = failure != null ? failure : "proxy shut down";
      if (failure != null) {
        p.error("upstream", failure, null);
      }
      BlockingSockets.closeQuietly(up);
      BlockingSockets.closeQuietly(client);
      p.finish(new CloseInfo(CloseInfo.PROXY, 0, reason));
      return;
    }
    upstream = up;
    session.event("proxy.upstream_connected").put("upstream", target).put("connect_ms", connectMs).log();
    p.open();
    Thread out = new Thread(() -> pump(up, client, Direction.UPSTREAM_TO_CLIENT, new byte[server.readBufferBytes]),
        "voicelog-" + server.tap + "-" + number + "-out");
    out.setDaemon(true);
    out.start();
    if (first < 0) {
      streamEnded(Direction.CLIENT_TO_UPSTREAM);
      return;
    }
    if (first > 0 && !relay(Direction.CLIENT_TO_UPSTREAM, buf, first, firstAt, up)) {
      return;
    }
    pump(client, up, Direction.CLIENT_TO_UPSTREAM, buf);
  }

  /** The upstream's socket (null when none could be opened) and why connecting failed (null when it did not). */
  private record Attempt(Socket socket, String failure) {}

  /** Connects the upstream. */
  private Attempt connect() {
    InetSocketAddress target = new InetSocketAddress(server.upstream.getHostString(), server.upstream.getPort());
    if (target.isUnresolved()) {
      return new Attempt(null, ConnectFailure.unresolved(server.upstream.getHostString()));
    }
    Socket up = null;
    try {
      up = BlockingSockets.unconnected();
      connecting = up;
      if (shuttingDown) { // shutdown() may have looked before the socket was here: do not start
        return new Attempt(up, null);
      }
      up.setTcpNoDelay(true);
      up.connect(target, (int) Math.min(Integer.MAX_VALUE, server.connectTimeout.toMillis()));
      return new Attempt(up, null);
    } catch (IOException e) {
      // a shutdown closed the socket under the attempt: the proxy's end, not the upstream's failure
      return new Attempt(up, shuttingDown ? null : ConnectFailure.describe(e, upstreamName()));
    } finally {
      connecting = null;
    }
  }

  /** The upstream as the log and the errors name it: {@code host:port}. */
  private String upstreamName() {
    return server.upstream.getHostString() + ":" + server.upstream.getPort();
  }

  /** The client's first read, waiting at most the first-bytes wait: bytes read, 0 for none yet, -1 at EOF. */
  private int readFirst(byte[] buf) {
    try {
      client.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, server.firstBytesWait.toMillis())));
      int n = client.getInputStream().read(buf);
      client.setSoTimeout(0);
      return n;
    } catch (SocketTimeoutException e) {
      try {
        client.setSoTimeout(0);
      } catch (IOException ignored) {
        // the next read reports it
      }
      return 0;
    } catch (IOException e) {
      return -1;
    }
  }

  private String sessionId(byte[] buf, int n) {
    try {
      return server.sessionId.apply(ByteBuffer.wrap(buf, 0, n).asReadOnlyBuffer());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Reads {@code from} until its stream ends, relaying each read to {@code to}. */
  private void pump(Socket from, Socket to, Direction direction, byte[] buf) {
    InputStream in;
    try {
      in = from.getInputStream();
    } catch (IOException e) {
      failed(direction, "read", e);
      return;
    }
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        failed(direction, "read", e);
        return;
      }
      if (n < 0) {
        streamEnded(direction);
        return;
      }
      if (!relay(direction, buf, n, clock.nanoTime(), to)) {
        return;
      }
    }
  }

  /** One read through the pipeline; false when the connection is over (or ending) and the pump must stop. */
  private boolean relay(Direction direction, byte[] buf, int n, long at, Socket to) {
    (direction == Direction.CLIENT_TO_UPSTREAM ? fromClient : fromUpstream).addAndGet(n);
    byte[] bytes = Arrays.copyOf(buf, n);
    Message message = Message.binary(direction, ByteBuffer.wrap(bytes), at);
    boolean[] sent = {true};
    boolean relayed = pipeline.relay(message, m -> {
      long now = clock.nanoTime();
      try {
        OutputStream out = to.getOutputStream();
        if (m == message) {
          out.write(bytes);
        } else {
          ByteBuffer b = m.binary();
          byte[] other = new byte[b.remaining()];
          b.get(other);
          out.write(other);
        }
        return now;
      } catch (IOException e) {
        sent[0] = false;
        failed(direction, "write", e);
        return Chain.NOT_SENT;
      }
    });
    return relayed && sent[0];
  }

  /** The side that sends in {@code direction} ended its stream: the other side's is ended too. */
  private void streamEnded(Direction direction) {
    String side = direction == Direction.CLIENT_TO_UPSTREAM ? CloseInfo.CLIENT : CloseInfo.UPSTREAM;
    cause.compareAndSet(null, new CloseInfo(side, 0, side + " closed"));
    Socket other = direction == Direction.CLIENT_TO_UPSTREAM ? upstream : client;
    try {
      if (other != null && !other.isClosed()) {
        other.shutdownOutput();
      }
    } catch (IOException ignored) {
      // the other side is gone too: its own read reports it
    }
    if (directionsDone.incrementAndGet() >= 2) {
      closeBoth();
    } else {
      // the other side should end its stream in turn; if it does not, the connection is closed anyway
      CompletableFuture.delayedExecutor(HALF_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(this::closeBoth);
    }
  }

  /** A read or write failed: unless the connection was already ending, this is why it ends. */
  private void failed(Direction direction, String operation, IOException e) {
    boolean readingClient = direction == Direction.CLIENT_TO_UPSTREAM == operation.equals("read");
    String side = readingClient ? CloseInfo.CLIENT : CloseInfo.UPSTREAM;
    if (!shuttingDown && cause.get() == null) {
      String reason = side + " connection lost: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
      if (cause.compareAndSet(null, new CloseInfo(side, 0, reason))) {
        pipeline.error(side, reason, direction);
      }
    }
    closeBoth();
  }

  /** Closes both sockets and ends the connection (once, after the messages in flight). */
  private void closeBoth() {
    BlockingSockets.closeQuietly(client);
    BlockingSockets.closeQuietly(upstream);
    Pipeline p = pipeline;
    if (p != null) {
      CloseInfo why = cause.get();
      p.finish(why != null ? why : new CloseInfo(CloseInfo.PROXY, 0, "proxy shut down"));
    }
  }

  /**
   * The proxy is shutting down: both sockets are closed (and an upstream still connecting), the session ends
   * with {@code closed_by: proxy}. A connection still setting up (connecting, or waiting for the client's
   * first bytes) gets its session all the same, started and ended by {@link #run()} at once, so
   * {@link TcpRelayServer#close()} waits for it like any other: its lines are written before the log closes.
   */
  void shutdown() {
    shuttingDown = true;
    cause.compareAndSet(null, new CloseInfo(CloseInfo.PROXY, 0, "proxy shut down"));
    BlockingSockets.closeQuietly(connecting);
    closeBoth();
  }

  void awaitEnd(Duration timeout) {
    try {
      ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The relay's own end, after the interceptors': SESSION_END with who closed and the bytes each way. */
  private void end(CloseInfo info) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("closed_by", info.closedBy());
    data.put("reason", pipeline.connection().secrets().scrub(info.reason()));
    data.put("bytes_from_client", fromClient.get());
    data.put("bytes_from_upstream", fromUpstream.get());
    pipeline.connection().session().end(data);
    server.ended(this);
    ended.countDown();
  }
}
