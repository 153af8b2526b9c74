package dev.voicelog.bench.tapprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's CPU time from {@code /proc/PID/stat}, and the window {@link #sinceMark()} measures. Not
 * thread-safe: one benchmark thread marks and reads. Reads throw {@link IllegalStateException} when
 * {@code /proc} cannot be read.
 */
public final class CpuMeter {
  private static final long TICKS_PER_SECOND = clockTicks();

  private final long pid;
  private final boolean withChildren;
  private long markCpuNanos;
  private long markWallNanos;

  /**
   * @param withChildren also count the processes {@code pid} forked: those still running (their own time)
   *     and those it has reaped (the kernel adds theirs to its {@code cutime} and {@code cstime})
   */
  CpuMeter(long pid, boolean withChildren) {
    this.pid = pid;
    this.withChildren = withChildren;
  }

  /** The CPU time so far (user + system), nanoseconds. */
  public long cpuNanos() {
    long ticks = ticks(pid, withChildren);
    if (withChildren) {
      for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
        try {
          ticks += ticks(child.pid(), false);
        } catch (IllegalStateException gone) {
          // ended between the listing and the read: its time is in the parent's cutime once reaped
        }
      }
    }
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** Starts the window {@link #sinceMark()} measures. */
  public void mark() {
    markCpuNanos = cpuNanos();
    markWallNanos = System.nanoTime();
  }

  /** The CPU time used and the wall time since {@link #mark()}. */
  public CpuUse sinceMark() {
    return new CpuUse(cpuNanos() - markCpuNanos, System.nanoTime() - markWallNanos);
  }

  private static long ticks(long pid, boolean reapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
      return reapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks; // cutime, cstime
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return Long.parseLong(v);
    } catch (IOException | NumberFormatException e) {
      return 100;
    }
  }
}
