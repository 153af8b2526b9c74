package dev.voicelog.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-metric statistics over turns: count, mean, min, p50, p90, p95, p99, max, for all turns and,
 * optionally, per value of a data field (provider, voice, model: see {@link Turn#field(String)}).
 *
 * <p><b>Exact percentiles.</b> Every value is kept (8 bytes per turn and metric) and sorted once;
 * percentile q is the continuous quantile with linear interpolation between the closest ranks, the
 * definition of DuckDB's {@code quantile_cont} and of PostgreSQL's {@code percentile_cont}: with the n
 * values sorted, position {@code (n - 1) * q}, interpolated between the values around it.
 *
 * <p>Immutable and thread-safe; built by a {@link Builder}.
 */
public final class Aggregates {
  /** Turns without a value for the group field are grouped under this value. */
  public static final String NO_VALUE = "(none)";

  /** Statistics of one metric over a set of turns, in microseconds. Immutable. */
  public static final class Stat {
    private final long count;
    private final double mean;
    private final long min;
    private final double p50;
    private final double p90;
    private final double p95;
    private final double p99;
    private final long max;

    Stat(long[] sorted, int n) {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += sorted[i];
      }
      this.count = n;
      this.mean = (double) sum / n;
      this.min = sorted[0];
      this.max = sorted[n - 1];
      this.p50 = quantile(sorted, n, 0.50);
      this.p90 = quantile(sorted, n, 0.90);
      this.p95 = quantile(sorted, n, 0.95);
      this.p99 = quantile(sorted, n, 0.99);
    }

    /** Turns with a value. */
    public long count() {
      return count;
    }

    /** The arithmetic mean, in microseconds. */
    public double mean() {
      return mean;
    }

    /** The smallest value, in microseconds. */
    public long min() {
      return min;
    }

    /** The median (continuous quantile 0.5), in microseconds. */
    public double p50() {
      return p50;
    }

    /** The continuous quantile 0.90, in microseconds. */
    public double p90() {
      return p90;
    }

    /** The continuous quantile 0.95, in microseconds. */
    public double p95() {
      return p95;
    }

    /** The continuous quantile 0.99, in microseconds. */
    public double p99() {
      return p99;
    }

    /** The largest value, in microseconds. */
    public long max() {
      return max;
    }

    @Override
    public String toString() {
      return "n=" + count + " mean=" + mean + " min=" + min + " p50=" + p50 + " p90=" + p90 + " p95=" + p95 + " p99=" + p99
          + " max=" + max;
    }
  }

  /** The statistics of one group of turns. Immutable. */
  public static final class Group {
    private final String value;
    private final long turns;
    private final long conversations;
    private final Map<Metric, Stat> metrics;

    Group(String value, long turns, long conversations, Map<Metric, Stat> metrics) {
      this.value = value;
      this.turns = turns;
      this.conversations = conversations;
      this.metrics = Collections.unmodifiableMap(metrics);
    }

    /** The group field's value ({@link #NO_VALUE} when absent), or null for the group of all turns. */
    public String value() {
      return value;
    }

    /** Turns in the group (with or without each metric). */
    public long turns() {
      return turns;
    }

    /** Conversations with at least one turn in the group. */
    public long conversations() {
      return conversations;
    }

    /** The metrics with at least one value, in {@link Metric} order. */
    public Map<Metric, Stat> metrics() {
      return metrics;
    }
  }

  private final String groupField;
  private final Group all;
  private final List<Group> groups;
  private final long conversations;

  private Aggregates(String groupField, Group all, List<Group> groups, long conversations) {
    this.groupField = groupField;
    this.all = all;
    this.groups = List.copyOf(groups);
    this.conversations = conversations;
  }

  /** The field turns were grouped by, or null. */
  public String groupField() {
    return groupField;
  }

  /** All turns. */
  public Group all() {
    return all;
  }

  /** One group per value of the group field, in value order; empty when not grouped. */
  public List<Group> groups() {
    return groups;
  }

  /** Conversations seen (with or without turns). */
  public long conversations() {
    return conversations;
  }

  /**
   * The continuous quantile of the first {@code n} values of {@code sorted} (ascending): DuckDB's
   * {@code quantile_cont}. {@code n} must be at least 1.
   */
  public static double quantile(long[] sorted, int n, double q) {
    double rn = (n - 1) * q;
    int lo = (int) Math.floor(rn);
    int hi = (int) Math.ceil(rn);
    if (lo == hi) {
      return sorted[lo];
    }
    double low = sorted[lo];
    double high = sorted[hi];
    return low + (high - low) * (rn - lo);
  }

  /** A builder grouping by {@code field} (null: no grouping). */
  public static Builder builder(String field) {
    return new Builder(field);
  }

  /**
   * Collects turns. {@link #add(Conversation)} and {@link #add(Turn)} are thread-safe (synchronized: add a
   * conversation's turns at once rather than turn by turn from many threads).
   */
  public static final class Builder {
    private final String field;
    private final Values all = new Values();
    private final Map<String, Values> groups = new TreeMap<>();
    private long conversations;

    private Builder(String field) {
      this.field = field;
    }

    /** Adds every turn of a conversation. */
    public synchronized Builder add(Conversation c) {
      conversations++;
      java.util.Set<String> seen = field == null ? null : new java.util.HashSet<>();
      for (Turn t : c.turns()) {
        String g = addTurn(t);
        if (seen != null) {
          seen.add(g);
        }
      }
      if (!c.turns().isEmpty()) {
        all.conversations++;
      }
      if (seen != null) {
        for (String g : seen) {
          groups.get(g).conversations++;
        }
      }
      return this;
    }

    /** Adds one turn (not counted as a conversation). */
    public synchronized Builder add(Turn t) {
      addTurn(t);
      return this;
    }

    private String addTurn(Turn t) {
      all.add(t);
      if (field == null) {
        return null;
      }
      Object v = t.field(field);
      String key = v == null ? NO_VALUE : String.valueOf(v);
      groups.computeIfAbsent(key, k -> new Values()).add(t);
      return key;
    }

    /** The statistics of the turns added so far. The builder may go on collecting. */
    public synchronized Aggregates build() {
      List<Group> gs = new ArrayList<>();
      for (Map.Entry<String, Values> e : groups.entrySet()) {
        gs.add(e.getValue().group(e.getKey()));
      }
      return new Aggregates(field, all.group(null), gs, conversations);
    }
  }

  /** The values of one group, per metric, as growing arrays. */
  private static final class Values {
    final long[][] values = new long[Metric.values().length][];
    final int[] sizes = new int[Metric.values().length];
    long turns;
    long conversations;

    void add(Turn t) {
      turns++;
      for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
        int i = m.getKey().ordinal();
        long[] a = values[i];
        if (a == null) {
          a = values[i] = new long[16];
        } else if (sizes[i] == a.length) {
          a = values[i] = Arrays.copyOf(a, a.length * 2);
        }
        a[sizes[i]++] = m.getValue();
      }
    }

    Group group(String value) {
      EnumMap<Metric, Stat> stats = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        int n = sizes[m.ordinal()];
        if (n > 0) {
          long[] a = values[m.ordinal()];
          Arrays.sort(a, 0, n);
          stats.put(m, new Stat(a, n));
        }
      }
      return new Group(value, turns, conversations, stats);
    }
  }
}
