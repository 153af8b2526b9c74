package dev.voicelog.bench.tapprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TapProcess} started by the benchmark: its port, its CPU time, and its orderly end.
 *
 * <p>Not thread-safe: one trial's setup and teardown own it. The constructor throws {@link IOException}
 * when the process does not start or never says its port; the reads of its {@link #cpu()} meter throw
 * {@link IllegalStateException} when {@code /proc} cannot be read.
 */
public final class TapProcessHandle implements RelayProcess {
  /**
   * JVM options for the tap process, after the others (e.g. a flight recording, or
   * {@code -XX:-UseTransparentHugePages} to run it without the huge pages it asks for by default):
   * {@code -jvmArgsAppend -Dtap.jvmArgs=...}. JMH splits {@code -jvmArgsAppend} on spaces, so a second
   * option goes in a numbered property, {@code tap.jvmArgs.1}, {@code tap.jvmArgs.2} and so on, in the
   * order of their numbers: {@code -jvmArgsAppend "-Dtap.jvmArgs=-Xlog:gc:file=gc.log -Dtap.jvmArgs.1=-XX:-UseTransparentHugePages"}.
   */
  static final String JVM_ARGS_PROPERTY = "tap.jvmArgs";
  /**
   * The CPUs the tap process runs on ({@code taskset -c} syntax, e.g. {@code 1}), so that it does not share
   * them with the harness: {@code taskset -c 0 java -jar benchmarks.jar ... -jvmArgsAppend -Dtap.cpus=1}.
   * Unset: the tap runs wherever the scheduler puts it.
   */
  static final String CPUS_PROPERTY = "tap.cpus";
  /**
   * The tap process's niceness ({@code nice -n}, e.g. {@code -10}: ahead of the harness when both want a core,
   * as a latency-critical relay is run beside the agent it serves; below 0 needs root, else {@code nice}
   * says so and runs it unchanged). Unset: the harness's own.
   */
  static final String NICE_PROPERTY = "tap.nice";

  private final Process process;
  private final BufferedReader out;
  private final int port;
  private final CpuMeter cpu;

  /** Starts {@code TapProcess tap upstream logDir} and waits until it listens. */
  public TapProcessHandle(String tap, String upstream, Path logDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    String cpus = System.getProperty(CPUS_PROPERTY, "").strip();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    String nice = System.getProperty(NICE_PROPERTY, "").strip();
    if (!nice.isEmpty()) {
      command.addAll(List.of("nice", "-n", nice));
    }
    command.addAll(List.of(java, "-Xmx1g"));
    if (transparentHugePagesOnRequest()) {
      command.add("-XX:+UseTransparentHugePages"); // as the voicelog launcher starts its proxies (./voicelog)
    }
    command.addAll(extraJvmArgs(System.getProperties()));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), TapProcess.class.getName(), tap, upstream, logDir.toString()));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    while (first != null && !first.startsWith("port ")) {
      first = out.readLine(); // what the JVM itself prints first (a flight recording's notice)
    }
    if (first == null) {
      throw new IOException("the tap process did not start");
    }
    port = Integer.parseInt(first.substring(5).trim());
    cpu = new CpuMeter(process.pid(), false);
  }

  /**
   * The options of {@link #JVM_ARGS_PROPERTY} and its numbered followers in {@code properties}: the unnumbered
   * one first (split on spaces, as it always was), then {@code .1}, {@code .2}, ... by number, each one option.
   */
  static List<String> extraJvmArgs(Properties properties) {
    List<String> args = new ArrayList<>();
    String first = properties.getProperty(JVM_ARGS_PROPERTY, "").strip();
    if (!first.isEmpty()) {
      args.addAll(List.of(first.split("\\s+")));
    }
    SortedMap<Long, String> numbered = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      String suffix = key.startsWith(JVM_ARGS_PROPERTY + ".") ? key.substring(JVM_ARGS_PROPERTY.length() + 1) : "";
      String value = properties.getProperty(key).strip();
      if (suffix.matches("[0-9]{1,18}") && !value.isEmpty()) {
        numbered.put(Long.parseLong(suffix), value);
      }
    }
    args.addAll(numbered.values());
    return args;
  }

  /**
   * Whether the kernel gives transparent huge pages to a process that asks ({@code madvise} or
   * {@code always}): then the tap's JVM asks, as {@code voicelog proxy} does. Else it would only warn.
   */
  private static boolean transparentHugePagesOnRequest() {
    try {
      String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
      return mode.contains("[madvise]") || mode.contains("[always]");
    } catch (IOException e) {
      return false; // not Linux, or no THP
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

  /** Ends the process and prints its last words (events written and dropped). */
  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    boolean ended = false;
    try {
      ended = process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!ended) {
      process.destroyForcibly(); // else the read below would wait for a hung process for ever
    }
    StringBuilder last = new StringBuilder(); // a few lines: they fit the pipe while the process ends
    String line;
    while ((line = out.readLine()) != null) {
      last.append(line);
    }
    System.out.println("  tap process: " + (ended ? last : last + " (killed: it had not ended 30 s after its input closed)"));
  }
}
