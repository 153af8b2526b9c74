package dev.voicelog.bench.telephony;

import dev.voicelog.bench.realtime.OneWay;
import dev.voicelog.bench.realtime.Pacer;
import dev.voicelog.bench.realtime.RawWebSocket;
import dev.voicelog.bench.realtime.TimedListener;
import dev.voicelog.bench.tapprocess.CpuUse;
import dev.voicelog.bench.tapprocess.TapProcess;
import dev.voicelog.bench.tapprocess.TapProcessHandle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * What a telephony tap costs a call: the latency it adds, against the same calls made directly at the same
 * time, and the CPU it burns per call. {@code oneCall} and {@code hundredCalls} are JMH groups whose
 * {@code direct} threads are calls straight to a local agent while their {@code tapped} threads are calls
 * through the tap, so both routes see the same machine (the alone groups, below, give that up for half the
 * load). Every thread is one call: a caller frame every 20 ms (Twilio: a {@code media} message of
 * 20 ms of mu-law; AudioSocket: a 320-byte slin frame), paced in an untimed per-invocation setup at a
 * random phase; the agent ({@link EchoAgents}) answers each at once with a frame of its own, so one
 * operation is one frame each way and JMH's SampleTime gives the round trip. The one-way times of each
 * direction (send stamps, one clock) and the tap's CPU are printed after each iteration.
 *
 * <p>{@code peers}: what Twilio's carrier and the agent are made of (AudioSocket's are always blocking
 * sockets). {@code raw}: {@link RawWebSocket} at both ends, one blocking thread per call that writes a frame
 * and reads the answer itself; {@code jdk}: the JDK's WebSocket client (a few selector threads for all calls)
 * and a Javalin agent, each handing every message between its own threads, which adds to both routes the
 * hand-offs and the garbage of the harness.
 *
 * <p>The tap runs in its own JVM ({@link TapProcess}), logging and recording every call as in production,
 * so its CPU time (read from {@code /proc}) is its own: CPU per call is the tap's CPU over the iteration's
 * wall time, divided by the calls through it.
 *
 * <p>Warm-up: 5 x 10 s. Under the load of 100 calls the tap's JVM compiles for about 30 s (its CPU per frame
 * falls from 60 to 30 µs) and its p99 settles some 10 s later (BENCHMARKS.md, "Where the AudioSocket tap's
 * p99 at 100 calls comes from"); a tap in production runs for days.
 *
 * <pre>
 * java -jar voicelog-bench/target/benchmarks.jar TelephonyTapBenchmark
 * java -jar voicelog-bench/target/benchmarks.jar TelephonyTapBenchmark -p tap=twilio,ws-relay -p peers=jdk
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class TelephonyTapBenchmark {
  static final int CARRIER_CLIENTS = 8;

  /** The agent, the tap process and the measurements, shared by every call of the run. */
  @State(Scope.Benchmark)
  public static class Servers {
    /** The tap, or the bare relay it is built on ({@code ws-relay}: Twilio's wire, {@code tcp-relay}: AudioSocket's). */
    @Param({"twilio", "audiosocket", "ws-relay", "tcp-relay"})
    public String tap;

    /** What the Twilio carrier and agent are made of: {@code raw} or {@code jdk} (see the class comment). */
    @Param({"raw"})
    public String peers;

    /** Whether the calls speak Twilio (else AudioSocket). */
    boolean twilioWire() {
      return tap.equals("twilio") || tap.equals("ws-relay");
    }

    EchoAgents.TwilioAgent twilioAgent;
    EchoAgents.AudioSocket audioSocketAgent;
    TapProcessHandle process;
    Path dir;
    /**
     * The carriers' JDK WebSocket clients ({@code peers=jdk} only): a few, round robin (each has one
     * selector thread; one for all 200 calls made the harness itself the bottleneck of both routes).
     */
    final HttpClient[] http = new HttpClient[CARRIER_CLIENTS];
    final OneWay directUp = new OneWay();
    final OneWay tappedUp = new OneWay();
    final OneWay directDown = new OneWay();
    final OneWay tappedDown = new OneWay();
    final AtomicInteger tappedCalls = new AtomicInteger();
    final AtomicLong calls = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException {
      if (twilioWire() && !rawPeers()) { // each client starts a selector thread: none for raw peers
        for (int i = 0; i < http.length; i++) {
          http[i] = HttpClient.newHttpClient();
        }
      }
      dir = Files.createTempDirectory("voicelog-bench-telephony-");
      String upstream;
      if (twilioWire()) {
        twilioAgent = rawPeers() ? new EchoAgents.RawTwilio(directUp, tappedUp) : new EchoAgents.Twilio(directUp, tappedUp);
        upstream = twilioAgent.url();
      } else {
        audioSocketAgent = new EchoAgents.AudioSocket(directUp, tappedUp);
        upstream = "127.0.0.1:" + audioSocketAgent.port();
      }
      process = new TapProcessHandle(tap, upstream, dir);
    }

    boolean rawPeers() {
      return peers.equals("raw");
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      for (OneWay o : new OneWay[] {directUp, directDown, tappedUp, tappedDown}) {
        o.reset();
      }
      Pacer.resetSkippedSlots();
      process.cpu().mark();
    }

    @TearDown(Level.Iteration)
    public void report() {
      CpuUse cpu = process.cpu().sinceMark();
      int n = Math.max(1, tappedCalls.get());
      System.out.println();
      if (tappedCalls.get() == 0) {
        System.out.printf(Locale.ROOT, "  [%s] tap CPU %.1f %% of a core with no call through it%n", tap, 100 * cpu.coreShare());
      } else {
        System.out.printf(Locale.ROOT, "  [%s] tap CPU %.1f %% of a core for %d calls: %.3f %% of a core per call, %.1f us per frame relayed%n",
            tap, 100 * cpu.coreShare(), n, 100 * cpu.coreShare() / n, cpu.microsPer((long) tappedUp.count() + tappedDown.count()));
      }
      System.out.println("  carrier->agent direct: " + directUp.summary());
      System.out.println("  carrier->agent tapped: " + tappedUp.summary());
      System.out.println("  agent->carrier direct: " + directDown.summary());
      System.out.println("  agent->carrier tapped: " + tappedDown.summary());
      System.out.println("  " + Pacer.skippedReport());
      System.out.printf(Locale.ROOT, "  added one-way, us: carrier->agent p50 %.1f p99 %.1f; agent->carrier p50 %.1f p99 %.1f%n",
          tappedUp.percentileMicros(0.5) - directUp.percentileMicros(0.5), tappedUp.percentileMicros(0.99) - directUp.percentileMicros(0.99),
          tappedDown.percentileMicros(0.5) - directDown.percentileMicros(0.5),
          tappedDown.percentileMicros(0.99) - directDown.percentileMicros(0.99));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      process.close();
      if (twilioAgent != null) {
        twilioAgent.close();
      }
      if (audioSocketAgent != null) {
        audioSocketAgent.close();
      }
      try (var files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /** One call, direct or through the tap, Twilio or AudioSocket. */
  abstract static class Call {
    Servers servers;
    boolean tapped;
    Pacer pacer;
    long chunk;
    // Twilio
    WebSocket ws;
    RawWebSocket raw;
    String sid;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    // AudioSocket
    Socket socket;
    InputStream in;
    final byte[] reply = new byte[3 + 320];

    void connect(Servers s, boolean viaTap) throws IOException {
      servers = s;
      tapped = viaTap;
      if (viaTap) {
        s.tappedCalls.incrementAndGet();
      }
      long n = s.calls.incrementAndGet();
      if (s.twilioWire()) {
        sid = String.format(Locale.ROOT, "MZ%032d", n);
        String url = viaTap ? "ws://127.0.0.1:" + s.process.port() + "/media?route=tap" : s.twilioAgent.url() + "?route=direct";
        if (s.rawPeers()) {
          URI u = URI.create(url);
          raw = RawWebSocket.connect(u.getPort(), u.getRawPath() + "?" + u.getRawQuery(), null);
        } else {
          ws = jdkWebSocket(s.http[(int) (n % s.http.length)], url, viaTap ? s.tappedDown : s.directDown);
        }
        sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        sendText(Stamps.twilioStart(sid));
      } else {
        int port = viaTap ? s.process.port() : s.audioSocketAgent.port();
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        socket.getOutputStream().write(Stamps.uuidFrame(viaTap, n));
      }
      pacer = new Pacer(); // a random phase of the 20 ms period, as independent calls have
    }

    /** A JDK WebSocket whose answers are timed as they arrive (on the client's thread) and queued for the call. */
    private WebSocket jdkWebSocket(HttpClient http, String url, OneWay down) {
      return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(url), new TimedListener(down, Stamps::sentOf, received)).join();
    }

    private void sendText(String m) throws IOException {
      if (raw != null) {
        raw.send(m);
      } else {
        ws.sendText(m, true).join();
      }
    }

    /** Waits for this call's next 20 ms slot; not part of the measured time. */
    @Setup(Level.Invocation)
    public void pace() {
      pacer.awaitNext();
    }

    @TearDown(Level.Trial)
    public void hangUp() throws IOException {
      if (sid != null) {
        sendText("{\"event\":\"stop\",\"streamSid\":\"" + sid + "\"}");
      }
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
      }
      if (raw != null) {
        raw.close();
      }
      if (socket != null) {
        socket.close();
      }
    }

    /** One frame to the agent and its answer back. */
    Object roundTrip() throws Exception {
      if (raw != null) {
        sendText(Stamps.twilioMedia(sid, chunk++));
        String m = raw.receive(); // read on this thread: no hand-off on the way back either
        if (m == null) {
          throw new IOException("the call ended");
        }
        (tapped ? servers.tappedDown : servers.directDown).record(System.nanoTime() - Stamps.sentOf(m));
        return m;
      }
      if (ws != null) {
        sendText(Stamps.twilioMedia(sid, chunk++));
        return received.take();
      }
      socket.getOutputStream().write(Stamps.audioFrame());
      if (in.readNBytes(reply, 0, reply.length) < reply.length) {
        throw new IOException("the call ended");
      }
      (tapped ? servers.tappedDown : servers.directDown).record(System.nanoTime() - Stamps.stampOf(reply));
      return reply;
    }
  }

  /** A call straight to the agent. */
  @State(Scope.Thread)
  public static class Direct extends Call {
    @Setup(Level.Trial)
    public void connect(Servers s) throws IOException {
      connect(s, false);
    }
  }

  /** A call through the tap. */
  @State(Scope.Thread)
  public static class Tapped extends Call {
    @Setup(Level.Trial)
    public void connect(Servers s) throws IOException {
      connect(s, true);
    }
  }

  /** One call each way at a time. */
  @Benchmark
  @Group("oneCall")
  @GroupThreads(1)
  public Object direct1(Direct c) throws Exception {
    return c.roundTrip();
  }

  @Benchmark
  @Group("oneCall")
  @GroupThreads(1)
  public Object tapped1(Tapped c) throws Exception {
    return c.roundTrip();
  }

  /** 100 calls through the tap (5,000 frames/s each way) and 100 direct, at once. */
  @Benchmark
  @Group("hundredCalls")
  @GroupThreads(100)
  public Object direct100(Direct c) throws Exception {
    return c.roundTrip();
  }

  @Benchmark
  @Group("hundredCalls")
  @GroupThreads(100)
  public Object tapped100(Tapped c) throws Exception {
    return c.roundTrip();
  }

  /**
   * 100 calls through the tap alone, and (a separate benchmark, which JMH runs just before it) 100 direct
   * calls alone: half the load of {@code hundredCalls} on the machine, for what the tap adds when the
   * harness is not also carrying the other route. The two are compared across runs, so only on a quiet machine.
   */
  @Benchmark
  @Group("hundredTappedAlone")
  @GroupThreads(100)
  public Object tappedAlone(Tapped c) throws Exception {
    return c.roundTrip();
  }

  @Benchmark
  @Group("hundredDirectAlone")
  @GroupThreads(100)
  public Object directAlone(Direct c) throws Exception {
    return c.roundTrip();
  }
}
