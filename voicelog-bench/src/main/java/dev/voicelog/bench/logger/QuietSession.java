package dev.voicelog.bench.logger;

import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the log's writer thread costs while a session is open and nothing is logged: its CPU time and the
 * number of times it ran over 30 s, from {@code /proc/self/task/TID/schedstat} (Linux only).
 * {@code java -cp voicelog-bench/target/benchmarks.jar dev.voicelog.bench.logger.QuietSession [SECONDS]}.
 * A whole-process measurement, not a JMH benchmark: it reports one number per run. Single-threaded; it
 * fails with {@link IllegalStateException} where {@code /proc} has no such thread (not Linux).
 */
public final class QuietSession {
  private QuietSession() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
    Path dir = Files.createTempDirectory("voicelog-quiet-");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    try {
      Session session = log.startSession("quiet");
      Thread.sleep(2_000); // the writer's first rounds after SESSION_START
      Path stat = writerTask().resolve("schedstat");
      long[] before = schedstat(stat);
      Thread.sleep(seconds * 1_000);
      long[] after = schedstat(stat);
      double cpuMs = (after[0] - before[0]) / 1e6;
      System.out.printf(java.util.Locale.ROOT, "writer over %d s with one quiet session open: %.1f ms of CPU (%.2f %% of a core), %d runs%n",
          seconds, cpuMs, cpuMs / (seconds * 10.0), after[2] - before[2]);
      session.end();
    } finally {
      log.close();
    }
  }

  /** The writer thread's task directory ({@code comm} is cut to 15 characters: {@code voicelog-writer}). */
  private static Path writerTask() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).strip().equals("voicelog-writer")) {
          return task;
        }
      }
    }
    throw new IllegalStateException("no voicelog-writer thread in /proc/self/task");
  }

  /** Run time (ns), wait time (ns), times run. */
  private static long[] schedstat(Path file) throws IOException {
    String[] f = Files.readString(file).strip().split(" ");
    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
  }
}
