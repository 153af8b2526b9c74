package dev.voicelog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The other process of {@link CrashTest} and {@link MultiProcessTest}: logs from several threads into
 * {@code args[0]}. Modes:
 * <ul>
 *   <li>{@code forever NAME}: logs until killed; prints READY once events are flowing.</li>
 *   <li>{@code count NAME N}: prints READY, waits for GO on stdin, logs N events per thread in bursts,
 *       each burst flushed (so the processes' appends interleave), closes, prints DONE.</li>
 *   <li>{@code exit NAME N}: logs N events and returns from main without closing: the shutdown hook must
 *       write them all.</li>
 * </ul>
 */
public final class LoggingChild {
  static final int THREADS = 3;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String mode = args[1];
    String name = args[2];
    long n = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    VoiceLog log = VoiceLog.builder().directory(dir).overflow(OverflowPolicy.BLOCK).build();
    if (mode.equals("count")) {
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Session s = log.startSession(name + "-" + t);
      threads.add(new Thread(() -> {
        for (long i = 0; i < n; i++) {
          s.event("TICK").put("process", name).put("i", i).put("text", "a sentence of about forty characters.").log();
          if (mode.equals("count") && i % 100 == 99) {
            log.flush(Duration.ofSeconds(10));
          }
        }
        s.end();
      }));
    }
    threads.forEach(Thread::start);
    if (mode.equals("forever")) {
      while (log.writtenEvents() < 2_000) {
        Thread.onSpinWait();
      }
      System.out.println("READY");
      System.out.flush();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (mode.equals("count")) {
      System.out.println(log.close() ? "DONE" : "INCOMPLETE");
    }
    // mode "exit": return without close(); the shutdown hook runs.
  }
}
