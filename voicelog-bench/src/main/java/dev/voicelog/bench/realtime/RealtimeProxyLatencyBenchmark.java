package dev.voicelog.bench.realtime;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.realtime.RealtimeProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency the Realtime proxy adds, with logging on, against a direct connection to the same local
 * upstream in the same run. Each JMH thread is one Realtime session that streams a 20 ms audio chunk
 * every 20 ms (50 messages/s, paced in an untimed per-invocation setup); the upstream answers each with an
 * audio delta of the same size, so every operation is one message each way. JMH's SampleTime gives the
 * round-trip distribution; the one-way distributions of each direction (send stamps, one JVM, one clock)
 * are printed at the end of each trial.
 *
 * <p>{@code route}: {@code direct} (client to upstream), {@code proxy} (through the proxy, default
 * logging: the first chunk of each response a line, the rest counted in AUDIO_STATS) and
 * {@code proxy-every-delta} (every message a line).
 *
 * <pre>
 * java -jar voicelog-bench/target/benchmarks.jar RealtimeProxyLatency
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 2, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class RealtimeProxyLatencyBenchmark {
  static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** Chunks per response id: one second of audio, so default logging writes one delta line a second. */
  static final int CHUNKS_PER_RESPONSE = 50;

  /** The upstream, and the proxy (with its log) when the route goes through it. */
  @State(Scope.Benchmark)
  public static class Route {
    @Param({"direct", "proxy", "proxy-every-delta"})
    public String route;

    EchoUpstream upstream;
    VoiceLog log;
    RealtimeProxy proxy;
    Path dir;
    final OneWay serverToClient = new OneWay();
    /** One HTTP client for all sessions, as one agent process serving many calls has. */
    final HttpClient http = HttpClient.newHttpClient();
    String url;

    @Setup(Level.Trial)
    public void start() throws Exception {
      upstream = new EchoUpstream();
      URI up = URI.create("ws://127.0.0.1:" + upstream.port() + "/v1/realtime");
      if (route.equals("direct")) {
        url = up + "?model=bench";
        return;
      }
      dir = Files.createTempDirectory("voicelog-bench-proxy-");
      log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
      proxy = RealtimeProxy.builder().log(log).upstream(up).listen("127.0.0.1", 0)
          .everyDelta(route.equals("proxy-every-delta")).start();
      url = "ws://127.0.0.1:" + proxy.port() + "/v1/realtime?model=bench";
    }

    @Setup(Level.Iteration)
    public void resetSamples() {
      upstream.clientToServer.reset();
      serverToClient.reset();
    }

    @TearDown(Level.Iteration)
    public void printOneWay() {
      System.out.println();
      System.out.println("  [" + route + "] one-way client->server: " + upstream.clientToServer.summary());
      System.out.println("  [" + route + "] one-way server->client: " + serverToClient.summary());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      if (proxy != null) {
        proxy.close();
        log.close();
        System.out.println("  [" + route + "] lines written: " + log.writtenEvents() + ", dropped: " + log.droppedEvents());
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
      upstream.close();
    }
  }

  /** One session: a client connection that sends a chunk every 20 ms. */
  @State(Scope.Thread)
  public static class Client {
    WebSocket ws;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    long next;
    int sent;
    OneWay serverToClient;

    @Setup(Level.Trial)
    public void connect(Route route) {
      serverToClient = route.serverToClient;
      ws = route.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer sk-bench-not-a-key-0000000000")
          .buildAsync(URI.create(route.url), new WebSocket.Listener() {
            StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                String m = text.toString();
                text = new StringBuilder();
                serverToClient.record(System.nanoTime() - EchoUpstream.Messages.sentNanos(m));
                received.add(m);
              }
              w.request(1);
              return null;
            }
          }).join();
      next = System.nanoTime();
    }

    /** Waits for this session's next 20 ms slot; not part of the measured time. */
    @Setup(Level.Invocation)
    public void pace() {
      next += PERIOD_NANOS;
      long wait;
      while ((wait = next - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  private static String roundTrip(Client c) throws InterruptedException {
    c.ws.sendText(EchoUpstream.Messages.append(c.sent++ / CHUNKS_PER_RESPONSE), true).join();
    return c.received.take();
  }

  /** One session streaming at 50 messages/s. */
  @Benchmark
  @Threads(1)
  public String oneSession(Route route, Client c) throws InterruptedException {
    return roundTrip(c);
  }

  /** 100 sessions at once, each streaming at 50 messages/s (5,000 messages/s each way). */
  @Benchmark
  @Threads(100)
  public String hundredSessions(Route route, Client c) throws InterruptedException {
    return roundTrip(c);
  }
}
