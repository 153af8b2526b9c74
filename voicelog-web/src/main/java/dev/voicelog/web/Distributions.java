package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * The distribution of each metric over all turns, for the distributions page: the aggregates of every turn
 * as voicelog-core's {@link AnalysisJson} writes them (count, mean, min, p50, p90, p95, p99, max per metric,
 * the schema of {@code voicelog stats --format json}), and {@code histograms} to draw them on, by metric.
 *
 * <p>A histogram has {@link #BINS} equal bins from 0, their width a round number (1, 2 or 5 times a power
 * of ten microseconds) so the axis reads well; when the slowest turn is far out in the tail (max beyond
 * {@link #TAIL_FACTOR} times p99) the bins stop at p99 times {@link #TAIL_FACTOR} and the turns beyond are
 * counted in {@code above}, so one outlier does not squash the chart. Stateless and thread-safe.
 */
final class Distributions {
  static final int BINS = 40;
  static final double TAIL_FACTOR = 2.0;

  private Distributions() {}

  /**
   * {@code {"conversations", "turns", "metrics": {...}, "by": null, "groups": [], "histograms": {...}}} over
   * the given conversations.
   */
  static void write(JsonGenerator g, Collection<Conversation> conversations, AnalysisJson json) throws IOException {
    Aggregates.Builder b = Aggregates.builder(null);
    for (Conversation c : conversations) {
      b.add(c);
    }
    Aggregates agg = b.build();
    g.writeStartObject();
    json.aggregatesFields(g, agg);
    g.writeObjectFieldStart("histograms");
    for (Map.Entry<Metric, Aggregates.Stat> e : agg.all().metrics().entrySet()) {
      g.writeFieldName(e.getKey().id());
      histogram(g, e.getKey(), e.getValue(), conversations);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void histogram(JsonGenerator g, Metric m, Aggregates.Stat s, Collection<Conversation> conversations)
      throws IOException {
    double top = s.max() > TAIL_FACTOR * s.p99() ? TAIL_FACTOR * s.p99() : s.max();
    long width = roundWidth(Math.max(1, (long) Math.ceil(top / BINS)));
    long[] counts = new long[BINS];
    long above = 0;
    for (Conversation c : conversations) {
      for (Turn t : c.turns()) {
        Long v = t.metrics().get(m);
        if (v == null) {
          continue;
        }
        long bin = v / width;
        if (bin < BINS) {
          counts[(int) bin]++;
        } else {
          above++;
        }
      }
    }
    int used = BINS;
    while (used > 1 && counts[used - 1] == 0) {
      used--;
    }
    g.writeStartObject();
    AnalysisJson.secondsField(g, "width", width);
    g.writeFieldName("counts");
    g.writeArray(Arrays.copyOf(counts, used), 0, used);
    g.writeNumberField("above", above);
    AnalysisJson.secondsField(g, "above_from", width * BINS);
    g.writeEndObject();
  }

  /** The smallest 1, 2 or 5 times a power of ten at least {@code micros}. */
  static long roundWidth(long micros) {
    long p = 1;
    while (true) {
      for (long f : new long[] {1, 2, 5}) {
        if (f * p >= micros) {
          return f * p;
        }
      }
      p *= 10;
    }
  }
}
