package dev.voicelog.bench.tapprocess;

/** CPU time used over a wall-clock window, nanoseconds. Immutable. */
public record CpuUse(long cpuNanos, long wallNanos) {
  /** The share of one core used: 1.0 is a whole core. */
  public double coreShare() {
    return wallNanos <= 0 ? 0 : cpuNanos / (double) wallNanos;
  }

  /** CPU microseconds per unit of work (a frame, a message); 0 for none. */
  public double microsPer(long units) {
    return units <= 0 ? 0 : cpuNanos / (double) units / 1e3;
  }
}
