package dev.voicelog.bench.tapprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * socat copying TCP bytes between a local port and the upstream: the reference for what a relay process
 * adds on this machine, whoever wrote it. socat (C) forks one process per connection, which waits in
 * {@code select} on both sockets and writes what one gives to the other; WebSocket frames pass through as
 * bytes. It does nothing per message but the copy, so what it adds to a message's latency is the hop
 * itself: the wake-up of a sleeping process and one more loopback write. Set beside the proxy in the same
 * harness, the difference is what the proxy's own work costs ({@code -p proxyIn=socat} in
 * {@code RealtimeProxyLatencyBenchmark}).
 *
 * <p>Its CPU time counts the per-connection processes too ({@link CpuMeter} with children). Not
 * thread-safe: one trial's setup and teardown own it. The constructor throws {@link IOException} when
 * socat is not installed ({@code apt-get install socat}) or never says its port.
 */
public final class SocatRelay implements RelayProcess {
  /** socat's notice once it listens, at {@code -d -d}: {@code ... N listening on AF=2 127.0.0.1:40123}. */
  private static final Pattern LISTENING = Pattern.compile("listening on AF=\\d+ \\S*:(\\d+)");

  private final Process process;
  private final int port;
  private final CpuMeter cpu;

  /** Starts socat on an ephemeral port of 127.0.0.1, relaying to {@code 127.0.0.1:upstreamPort}. */
  public SocatRelay(int upstreamPort) throws IOException {
    this(List.of("socat"), upstreamPort);
  }

  /** As above, with {@code socat} run as {@code launcher} (tests: a missing program). */
  SocatRelay(List<String> launcher, int upstreamPort) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("-d", "-d", "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,nodelay",
        "TCP:127.0.0.1:" + upstreamPort + ",nodelay"));
    try {
      process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + String.join(" ", launcher) + " (apt-get install socat): " + e.getMessage(), e);
    }
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    Integer found = null;
    StringBuilder said = new StringBuilder();
    String line;
    while (found == null && (line = err.readLine()) != null) {
      said.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        found = Integer.parseInt(m.group(1));
      }
    }
    if (found == null) {
      process.destroy();
      throw new IOException("socat did not say where it listens; it said:\n" + said);
    }
    port = found;
    cpu = new CpuMeter(process.pid(), true);
    Thread drain = new Thread(() -> drain(err), "socat-stderr");
    drain.setDaemon(true); // its notices per connection, read so that socat never blocks on a full pipe
    drain.start();
  }

  private static void drain(BufferedReader err) {
    try {
      while (err.readLine() != null) {
        // notices of connections opened and closed
      }
    } catch (IOException ended) {
      // the process is gone
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public CpuMeter cpu() {
    return cpu;
  }

  /** socat's own process (tests). */
  ProcessHandle process() {
    return process.toHandle();
  }

  /** Ends socat and the processes it forked for connections still open. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    boolean ended = false;
    try {
      ended = process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly(); // a socat that ignores SIGTERM for 10 s must not outlive the trial
    }
    System.out.println("  socat relay: " + (ended ? "ended" : "killed after 10 s"));
  }
}
