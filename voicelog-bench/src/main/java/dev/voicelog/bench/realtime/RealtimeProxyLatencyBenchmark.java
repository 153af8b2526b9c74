package dev.voicelog.bench.realtime;

import dev.voicelog.VoiceLog;
import dev.voicelog.bench.tapprocess.CpuUse;
import dev.voicelog.bench.tapprocess.RelayProcess;
import dev.voicelog.bench.tapprocess.SocatRelay;
import dev.voicelog.bench.tapprocess.TapProcess;
import dev.voicelog.bench.tapprocess.TapProcessHandle;
import dev.voicelog.tap.realtime.RealtimeProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency the Realtime proxy adds, with logging on, against a direct connection to the same local
 * upstream, measured at the same time: {@code oneSession} and {@code hundredSessions} are JMH groups whose
 * {@code direct} threads talk to the upstream directly while their {@code proxy} threads go through the
 * proxy, so both see the same machine. The alone groups (below) give that up for half the load, and are
 * compared across trials.
 *
 * <p>Every thread is one Realtime session streaming a 20 ms audio chunk ({@code input_audio_buffer.append},
 * 1.3 KB) every 20 ms (50 messages/s, paced in an untimed per-invocation setup); the upstream answers each
 * with a {@code response.output_audio.delta} of the same audio, so each operation is one message each way.
 * JMH's SampleTime gives the round-trip distribution of each route; the one-way distributions of each
 * direction (send stamps, one JVM, one clock) are printed after each iteration.
 *
 * <p>{@code logging}: {@code default} (the proxy's default: the first chunk of each response a line, the
 * rest summed in AUDIO_STATS) or {@code every-delta} (every message a line).
 *
 * <p>{@code proxyIn}: {@code own-process} (the proxy in its own JVM, {@link TapProcess}, as
 * {@code voicelog proxy realtime} runs in production: its garbage collector, JIT and safepoints are not the
 * harness's) or {@code in-process} (the proxy in the benchmark's JVM, as a Java agent embedding it would
 * run it); and, for baselines given with {@code -p}: {@code proxyIn=bare-relay}, the WebSocket relay the
 * proxy is built on with no interceptor, in its own JVM: what relaying alone costs; {@code proxyIn=socat},
 * {@link SocatRelay}, a C program copying the bytes: what any relay process adds on this machine;
 * {@code proxyIn=select-copy}, socat's shape in Java (one thread per connection waiting on both sockets,
 * copying bytes, in its own JVM): what serving both directions of a session from one thread changes.
 *
 * <p>{@code pattern}: {@code echo} (the upstream answers each chunk at once, as above) or, with
 * {@code peers=raw}, {@code streams}: the upstream answers nothing and streams a delta every 20 ms of its
 * own, at its own phase, as the Realtime API streams a response; each session then has a second thread
 * that reads them, and the operation (JMH's figure) is only the send. Echo measures a ping-pong: on the
 * direct route the client's thread went to sleep on its read a few microseconds before the answer, which
 * no client of a real upstream does, and the proxy's longer round trip lets it go colder. With streams
 * both routes' receivers wait as a real client does, so the one-way figures of each direction compare a
 * hop with no hop and nothing else.
 *
 * <p>{@code peers}: what the client and the upstream are made of. {@code jdk}: the JDK's WebSocket client
 * (one {@code HttpClient} for all sessions) and a Javalin (Jetty) upstream, libraries that hand each
 * message between their own threads; {@code raw}: {@link RawWebSocket} at both ends, one blocking socket
 * per session written and read by the session's own thread, so the routes differ only by the proxy's hop;
 * their messages are stamped in place ({@link StampedMessage}), so the harness makes no garbage and its
 * collector does not stop both routes every second.
 *
 * <p>{@code hundredProxiedAlone} and {@code hundredDirectAlone}: 100 sessions of one route, one trial after
 * the other, for the machine's load of 100 sessions rather than the 200 of {@code hundredSessions}. Warm-up:
 * 10 x 10 s for every group. After 5 x 10 s (the telephony benchmark's) the first measured window at 100
 * sessions missed 0.5 ms p99 added where the later ones met it in 3 runs of 5 (BENCHMARKS.md, Realtime
 * proxy, "A harness that never sends faster than 50 messages/s"). For {@code oneSession}'s reason see
 * there.
 *
 * <p>On a machine of 2 vCPUs the proxy's threads compete for a core with the harness's (200 client and
 * upstream threads at 100 sessions); {@code -jvmArgsAppend -Dtap.nice=-10} runs the proxy ahead of them.
 * BENCHMARKS.md has both; since the harness stopped bursting, -10 has been no sure gain.
 *
 * <pre>
 * java -jar voicelog-bench/target/benchmarks.jar RealtimeProxyLatency
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class RealtimeProxyLatencyBenchmark {
  /** Chunks per response id: one second of audio, so default logging writes one delta line a second. */
  static final int CHUNKS_PER_RESPONSE = 50;

  /** The upstream and the proxy (with its log), shared by every session of the run. */
  @State(Scope.Benchmark)
  public static class Servers {
    @Param({"default", "every-delta"})
    public String logging;

    @Param({"own-process", "in-process"})
    public String proxyIn;

    @Param({"jdk", "raw"})
    public String peers;

    @Param({"echo"})
    public String pattern;

    EchoUpstream upstream;
    RawEchoUpstream rawUpstream;
    int upstreamPort;
    VoiceLog log;
    RealtimeProxy proxy;
    RelayProcess process;
    int proxyPort;
    Path dir;
    /** One HTTP client for all sessions, as one agent process serving many calls has. */
    final HttpClient http = HttpClient.newHttpClient();
    final OneWay directDown = new OneWay();
    final OneWay proxyDown = new OneWay();
    final OneWay directUp = new OneWay();
    final OneWay proxyUp = new OneWay();

    @Setup(Level.Trial)
    public void start() throws Exception {
      if (streams() && !raw()) {
        throw new IllegalArgumentException("-p pattern=streams needs -p peers=raw");
      }
      if (raw()) {
        rawUpstream = new RawEchoUpstream(directUp, proxyUp, streams());
        upstreamPort = rawUpstream.port();
      } else {
        upstream = new EchoUpstream(directUp, proxyUp);
        upstreamPort = upstream.port();
      }
      dir = Files.createTempDirectory("voicelog-bench-proxy-");
      String target = "ws://127.0.0.1:" + upstreamPort + "/v1/realtime";
      if (proxyIn.equals("socat")) {
        process = new SocatRelay(upstreamPort);
        proxyPort = process.port();
      } else if (proxyIn.equals("select-copy")) {
        process = new TapProcessHandle("select-copy", "127.0.0.1:" + upstreamPort, dir);
        proxyPort = process.port();
      } else if (proxyIn.equals("own-process") || proxyIn.equals("bare-relay")) {
        String tap = proxyIn.equals("bare-relay") ? "ws-relay" : logging.equals("every-delta") ? "realtime-every-delta" : "realtime";
        process = new TapProcessHandle(tap, target, dir);
        proxyPort = process.port();
      } else {
        log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
        proxy = RealtimeProxy.builder().log(log).upstream(URI.create(target))
            .listen("127.0.0.1", 0).everyDelta(logging.equals("every-delta")).start();
        proxyPort = proxy.port();
      }
    }

    boolean raw() {
      return peers.equals("raw");
    }

    boolean streams() {
      return pattern.equals("streams");
    }

    int port(boolean viaProxy) {
      return viaProxy ? proxyPort : upstreamPort;
    }

    String pathAndQuery(boolean viaProxy) {
      return "/v1/realtime?model=bench&route=" + (viaProxy ? "proxy" : "direct");
    }

    String url(boolean viaProxy) {
      return "ws://127.0.0.1:" + port(viaProxy) + pathAndQuery(viaProxy);
    }

    @Setup(Level.Iteration)
    public void resetSamples() {
      for (OneWay o : new OneWay[] {directUp, directDown, proxyUp, proxyDown}) {
        o.reset();
      }
      Pacer.resetSkippedSlots();
      if (process != null) {
        process.cpu().mark();
      }
    }

    @TearDown(Level.Iteration)
    public void printOneWay() {
      System.out.println();
      System.out.println("  one-way client->server  direct: " + directUp.summary());
      System.out.println("  one-way client->server  proxy:  " + proxyUp.summary());
      System.out.println("  one-way server->client  direct: " + directDown.summary());
      System.out.println("  one-way server->client  proxy:  " + proxyDown.summary());
      System.out.println("  " + Pacer.skippedReport());
      if (process != null) { // its own process: its CPU is its own
        CpuUse cpu = process.cpu().sinceMark();
        System.out.printf(java.util.Locale.ROOT, "  proxy CPU %.1f %% of a core, %.1f us per message relayed%n",
            100 * cpu.coreShare(), cpu.microsPer((long) proxyUp.count() + proxyDown.count()));
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      if (process != null) {
        process.close(); // prints the process's lines written and dropped
      } else {
        proxy.close();
        log.close();
        System.out.println("  [" + logging + "] lines written: " + log.writtenEvents() + ", dropped: " + log.droppedEvents());
      }
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
      if (upstream != null) {
        upstream.close();
      } else {
        rawUpstream.close();
      }
    }
  }

  /** One session: a client connection that sends a chunk every 20 ms, directly or through the proxy. */
  abstract static class Session {
    static final String BEARER = "sk-bench-not-a-key-0000000000";
    WebSocket ws;
    RawWebSocket raw;
    OneWay down;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Pacer pacer;
    /** This session's append, stamped in place: a raw session makes no garbage. */
    final StampedMessage append = StampedMessage.append();
    int sent;
    /** The upstream streams on its own: this session's reader thread records what arrives, the operation only sends. */
    boolean streams;

    void connect(Servers servers, boolean viaProxy) throws java.io.IOException {
      down = viaProxy ? servers.proxyDown : servers.directDown;
      pacer = new Pacer(); // a random phase of the 20 ms period, as independent calls have
      if (servers.raw()) {
        raw = RawWebSocket.connect(servers.port(viaProxy), servers.pathAndQuery(viaProxy), BEARER);
        streams = servers.streams();
        if (streams) {
          Thread reader = new Thread(this::readStream, "bench-session-reader");
          reader.setDaemon(true);
          reader.start();
        }
        return;
      }
      ws = servers.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + BEARER)
          .buildAsync(URI.create(servers.url(viaProxy)), new TimedListener(down, StampedMessage::sentNanos, received)).join();
    }

    /** Waits for this session's next 20 ms slot; not part of the measured time. */
    @Setup(Level.Invocation)
    public void pace() {
      pacer.awaitNext();
    }

    @TearDown(Level.Trial)
    public void close() throws java.io.IOException {
      if (raw != null) {
        raw.close();
      } else {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
      }
    }

    /** With {@code pattern=streams}: records each delta the upstream streams, until the session closes. */
    private void readStream() {
      try {
        for (int n = raw.receiveBytes(); n >= 0; n = raw.receiveBytes()) {
          down.record(System.nanoTime() - StampedMessage.sentNanos(raw.received(), n));
        }
      } catch (java.io.IOException e) {
        // closed at the end of the trial
      }
    }

    /** Sends a chunk and, unless the upstream streams, takes its answer; returns what JMH must not discard. */
    Object roundTrip() throws Exception {
      int response = sent++ / CHUNKS_PER_RESPONSE;
      if (raw != null) {
        byte[] b = append.stamp(response);
        raw.send(b, b.length);
        if (streams) {
          return b;
        }
        int n = raw.receiveBytes(); // read on this thread: no hand-off on the way back either
        if (n < 0) {
          throw new java.io.IOException("the session ended");
        }
        down.record(System.nanoTime() - StampedMessage.sentNanos(raw.received(), n));
        return raw.received();
      }
      ws.sendText(append.text(response), true).join();
      return received.take();
    }
  }

  /** A session connected straight to the upstream. */
  @State(Scope.Thread)
  public static class Direct extends Session {
    @Setup(Level.Trial)
    public void connect(Servers servers) throws java.io.IOException {
      connect(servers, false);
    }
  }

  /** A session connected through the proxy. */
  @State(Scope.Thread)
  public static class Proxied extends Session {
    @Setup(Level.Trial)
    public void connect(Servers servers) throws java.io.IOException {
      connect(servers, true);
    }
  }

  /**
   * One session each way at a time: direct and through the proxy, both at 50 messages/s. Warm-up 10 x 10 s:
   * at 100 messages a second the proxy's JIT is still compiling after 50 s (its CPU per message twice the
   * settled figure, and the first measured window's p99 over 0.6 ms in four runs of four), not after 100 s.
   * Two forks: each fork's session has its own random phases, and with {@code pattern=streams} which
   * direction's hop lands on a cold vCPU follows them, so one fork can meet or miss a direction's p50 by
   * phase alone (BENCHMARKS.md, Realtime proxy, "A C relay beside the proxy").
   */
  @Benchmark
  @Group("oneSession")
  @GroupThreads(1)
  @Fork(value = 2, jvmArgs = {"-Xmx1g"})
  public Object direct1(Direct s) throws Exception {
    return s.roundTrip();
  }

  @Benchmark
  @Group("oneSession")
  @GroupThreads(1)
  @Fork(value = 2, jvmArgs = {"-Xmx1g"})
  public Object proxy1(Proxied s) throws Exception {
    return s.roundTrip();
  }

  /** 100 sessions through the proxy (5,000 messages/s each way) and 100 direct, at once. */
  @Benchmark
  @Group("hundredSessions")
  @GroupThreads(100)
  public Object direct100(Direct s) throws Exception {
    return s.roundTrip();
  }

  @Benchmark
  @Group("hundredSessions")
  @GroupThreads(100)
  public Object proxy100(Proxied s) throws Exception {
    return s.roundTrip();
  }

  /**
   * 100 sessions through the proxy alone, and (a separate benchmark, which JMH runs just before it) 100
   * direct sessions alone: half the load of {@code hundredSessions} on the machine, for what the proxy adds when the harness
   * is not also carrying the other route. The two are compared across trials, so only on a quiet machine.
   */
  @Benchmark
  @Group("hundredProxiedAlone")
  @GroupThreads(100)
  public Object proxiedAlone(Proxied s) throws Exception {
    return s.roundTrip();
  }

  @Benchmark
  @Group("hundredDirectAlone")
  @GroupThreads(100)
  public Object directAlone(Direct s) throws Exception {
    return s.roundTrip();
  }
}
