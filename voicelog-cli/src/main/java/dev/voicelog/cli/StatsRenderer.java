package dev.voicelog.cli;

import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.Problem;
import java.util.Locale;
import java.util.Map;

/** The {@code stats} output: per metric count, mean, min, p50, p90, p95, p99, max, optionally per group. */
final class StatsRenderer {
  static final String SCHEMA = "voicelog.stats/1";
  private static final int SLOW_SHOWN = 10;

  private StatsRenderer() {}

  static String render(Analysis.Statistics s, long slowMicros, Format format, Style style) {
    return switch (format) {
      case text -> text(s, slowMicros, style);
      case json -> json(s, slowMicros);
      case csv -> csv(s);
    };
  }

  static String text(Analysis.Statistics s, long slowMicros, Style style) {
    Aggregates a = s.aggregates();
    StringBuilder out = new StringBuilder();
    out.append(style.bold(Text.plural(a.conversations(), "conversation", "conversations") + ", "
        + Text.plural(a.all().turns(), "turn", "turns") + " in " + Text.plural(s.files().size(), "file", "files")))
        .append("  (seconds)\n\n");
    table(out, a.all(), style);
    for (Aggregates.Group g : a.groups()) {
      out.append('\n').append(style.bold(a.groupField() + " = " + g.value())).append("  (")
          .append(Text.plural(g.conversations(), "conversation", "conversations")).append(", ")
          .append(Text.plural(g.turns(), "turn", "turns")).append(")\n");
      table(out, g, style);
    }
    if (!s.anomalyCounts().isEmpty()) {
      out.append('\n').append("anomalies:");
      for (Map.Entry<Anomaly.Kind, Long> e : s.anomalyCounts().entrySet()) {
        out.append("  ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(e.getValue());
      }
      out.append('\n');
    }
    if (slowMicros > 0) {
      out.append('\n').append(style.yellow(Text.plural(s.anomalyCounts().getOrDefault(Anomaly.Kind.SLOW_TURN, 0L), "turn", "turns")
          + " over " + Text.secs(slowMicros))).append('\n');
      int shown = 0;
      for (Analysis.SlowTurn t : s.slowTurns()) {
        if (shown++ == SLOW_SHOWN) {
          out.append("  ...\n");
          break;
        }
        out.append("  ").append(t.conversation()).append(" turn ").append(t.turn()).append("  ").append(t.metric().id())
            .append(' ').append(Text.secs(t.micros())).append('\n');
      }
    }
    if (!s.problemCounts().isEmpty()) {
      out.append('\n').append(style.red("problems in the input:"));
      for (Map.Entry<Problem.Kind, Long> e : s.problemCounts().entrySet()) {
        out.append("  ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(e.getValue());
      }
      out.append("  (voicelog summary lists them)\n");
    }
    return out.toString();
  }

  private static void table(StringBuilder out, Aggregates.Group g, Style style) {
    out.append(style.dim(String.format(Locale.ROOT, "%-20s %7s %8s %8s %8s %8s %8s %8s %8s%n", "metric", "count", "mean",
        "min", "p50", "p90", "p95", "p99", "max")));
    for (Map.Entry<Metric, Aggregates.Stat> e : g.metrics().entrySet()) {
      Aggregates.Stat st = e.getValue();
      out.append(String.format(Locale.ROOT, "%-20s %7d %8s %8s %8s %8s %8s %8s %8s%n", e.getKey().id(), st.count(),
          Text.secsNumber(st.mean()), Text.secsNumber(st.min()), Text.secsNumber(st.p50()), Text.secsNumber(st.p90()),
          Text.secsNumber(st.p95()), Text.secsNumber(st.p99()), Text.secsNumber(st.max())));
    }
  }

  static String json(Analysis.Statistics s, long slowMicros) {
    AnalysisJson json = AnalysisJson.create();
    return JsonOutput.document(g -> {
      g.writeStartObject();
      JsonOutput.head(g, SCHEMA, s.files());
      json.aggregatesFields(g, s.aggregates());
      if (slowMicros > 0) {
        AnalysisJson.secondsField(g, "slow_threshold", slowMicros);
      } else {
        g.writeNullField("slow_threshold");
      }
      g.writeArrayFieldStart("slow_turns");
      for (Analysis.SlowTurn t : s.slowTurns()) {
        g.writeStartObject();
        g.writeStringField("session", t.conversation());
        g.writeNumberField("turn", t.turn());
        g.writeStringField("metric", t.metric().id());
        AnalysisJson.secondsField(g, "seconds", t.micros());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("anomalies");
      for (Map.Entry<Anomaly.Kind, Long> e : s.anomalyCounts().entrySet()) {
        g.writeNumberField(AnalysisJson.name(e.getKey()), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("problem_counts");
      for (Map.Entry<Problem.Kind, Long> e : s.problemCounts().entrySet()) {
        g.writeNumberField(AnalysisJson.name(e.getKey()), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("problems");
      json.problems(g, s.problems());
      g.writeEndObject();
    });
  }

  static String csv(Analysis.Statistics s) {
    Aggregates a = s.aggregates();
    StringBuilder sb = new StringBuilder("group,metric,count,mean,min,p50,p90,p95,p99,max\n");
    csvRows(sb, "", a.all());
    for (Aggregates.Group g : a.groups()) {
      csvRows(sb, g.value(), g);
    }
    return sb.toString();
  }

  private static void csvRows(StringBuilder sb, String group, Aggregates.Group g) {
    for (Map.Entry<Metric, Aggregates.Stat> e : g.metrics().entrySet()) {
      Aggregates.Stat st = e.getValue();
      sb.append(Csv.field(group)).append(',').append(e.getKey().id()).append(',').append(st.count());
      for (double v : new double[] {st.mean(), st.min(), st.p50(), st.p90(), st.p95(), st.p99(), st.max()}) {
        sb.append(',').append(dev.voicelog.read.Durations.seconds(Math.round(v)));
      }
      sb.append('\n');
    }
  }
}
