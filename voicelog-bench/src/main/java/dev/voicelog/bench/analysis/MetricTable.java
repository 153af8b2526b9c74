package dev.voicelog.bench.analysis;

import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What both implementations of {@code stats} report, in one shape to compare: the turn count and per
 * metric count, mean, min, p50, p90, p95, p99, max in microseconds.
 */
final class MetricTable {
  static final String[] COLUMNS = {"count", "mean", "min", "p50", "p90", "p95", "p99", "max"};

  final long turns;
  final Map<String, double[]> rows = new LinkedHashMap<>();

  MetricTable(long turns) {
    this.turns = turns;
  }

  static MetricTable of(Aggregates a) {
    MetricTable t = new MetricTable(a.all().turns());
    for (Map.Entry<Metric, Aggregates.Stat> e : a.all().metrics().entrySet()) {
      Aggregates.Stat s = e.getValue();
      t.rows.put(e.getKey().id(), new double[] {s.count(), s.mean(), s.min(), s.p50(), s.p90(), s.p95(), s.p99(), s.max()});
    }
    return t;
  }

  /**
   * The differences from {@code other}: turn count, metric set and counts exactly; every statistic to the
   * microsecond (both sides interpolate percentiles in doubles; the mean is a sum over a count).
   */
  List<String> differences(MetricTable other) {
    List<String> out = new ArrayList<>();
    if (turns != other.turns) {
      out.add("turns: " + turns + " vs " + other.turns);
    }
    if (!rows.keySet().equals(other.rows.keySet())) {
      out.add("metrics: " + rows.keySet() + " vs " + other.rows.keySet());
    }
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      double[] o = other.rows.get(e.getKey());
      if (o == null) {
        continue;
      }
      for (int i = 0; i < COLUMNS.length; i++) {
        if (Math.round(e.getValue()[i]) != Math.round(o[i])) {
          out.add(e.getKey() + "." + COLUMNS[i] + ": " + e.getValue()[i] + " vs " + o[i]);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d turns%n%-20s", turns, "metric (s)"));
    for (String c : COLUMNS) {
      sb.append(String.format(Locale.ROOT, " %10s", c));
    }
    sb.append('\n');
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      sb.append(String.format(Locale.ROOT, "%-20s %10d", e.getKey(), (long) e.getValue()[0]));
      for (int i = 1; i < COLUMNS.length; i++) {
        sb.append(String.format(Locale.ROOT, " %10.6f", e.getValue()[i] / 1e6));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
