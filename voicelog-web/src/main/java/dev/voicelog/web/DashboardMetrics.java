package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.analysis.Anomaly;
import dev.voicelog.analysis.Metric;
import dev.voicelog.analysis.Turn;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the dashboard exposes at {@code /metrics} for Prometheus (docs/web.md lists every series):
 * <ul>
 *   <li>{@code voicelog_turn_latency_seconds} — a histogram per metric ({@code metric="voice_to_voice"}, ...)
 *       of every turn once it is settled: its next turn has begun, or its conversation has ended and nothing
 *       can continue it (as {@code SettledTurns} decides);</li>
 *   <li>{@code voicelog_events_total{type}} — events read (custom types as {@code type="other"});</li>
 *   <li>{@code voicelog_events_dropped_total} — events the writers said they dropped (EVENTS_DROPPED);</li>
 *   <li>{@code voicelog_events_lost_total} — events missing from the logs (gaps in seq);</li>
 *   <li>{@code voicelog_lines_skipped_total{kind}} — lines that could not be read;</li>
 *   <li>{@code voicelog_turns_total}, {@code voicelog_anomalies_total{kind}}, and gauges of conversations,
 *       open conversations and connected pages.</li>
 * </ul>
 * Thread-safe (Micrometer meters are).
 */
final class DashboardMetrics {
  /** Histogram bucket bounds of turn latencies: fine below two seconds, where voice agents live. */
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
      Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofMillis(600), Duration.ofMillis(800),
      Duration.ofMillis(1000), Duration.ofMillis(1250), Duration.ofMillis(1500), Duration.ofMillis(2000),
      Duration.ofMillis(3000), Duration.ofMillis(5000), Duration.ofMillis(10000), Duration.ofMillis(30000)};

  /** The problems that mean lines (or the rest of a file) could not be read. */
  static final java.util.Set<Problem.Kind> SKIPPED_KINDS =
      java.util.EnumSet.of(Problem.Kind.MALFORMED, Problem.Kind.TORN_LAST_LINE, Problem.Kind.UNREADABLE);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Metric, Timer> latency = new EnumMap<>(Metric.class);
  private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
  private final Counter otherEvents;
  private final Counter dropped;
  private final Counter lost;
  private final Counter turns;
  private final Map<Problem.Kind, Counter> skipped = new EnumMap<>(Problem.Kind.class);
  private final Map<Anomaly.Kind, Counter> anomalies = new EnumMap<>(Anomaly.Kind.class);

  DashboardMetrics(Supplier<Number> conversations, Supplier<Number> open, Supplier<Number> clients) {
    for (Metric m : Metric.values()) {
      latency.put(m, Timer.builder("voicelog.turn.latency")
          .description("Per-turn latency metrics (DESIGN.md), recorded once a turn is settled")
          .tag("metric", m.id())
          .serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry));
    }
    for (EventType t : EventType.values()) {
      events.put(t, Counter.builder("voicelog.events").description("Events read from the logs").tag("type", t.name())
          .register(registry));
    }
    otherEvents = Counter.builder("voicelog.events").description("Events read from the logs").tag("type", "other")
        .register(registry);
    dropped = Counter.builder("voicelog.events.dropped")
        .description("Events the writers reported dropped (EVENTS_DROPPED lines)").register(registry);
    lost = Counter.builder("voicelog.events.lost").description("Events missing from the logs (gaps in seq)")
        .register(registry);
    turns = Counter.builder("voicelog.turns").description("Turns settled").register(registry);
    for (Problem.Kind k : SKIPPED_KINDS) {
      skipped.put(k, Counter.builder("voicelog.lines.skipped").description("Lines or files that could not be read")
          .tag("kind", AnalysisJson.name(k)).register(registry));
    }
    for (Anomaly.Kind k : Anomaly.Kind.values()) {
      anomalies.put(k, Counter.builder("voicelog.anomalies").description("Anomalies of settled turns")
          .tag("kind", AnalysisJson.name(k)).register(registry));
    }
    Gauge.builder("voicelog.conversations", conversations).description("Conversations known").register(registry);
    Gauge.builder("voicelog.conversations.open", open).description("Conversations without their SESSION_END yet")
        .register(registry);
    Gauge.builder("voicelog.dashboard.clients", clients).description("Pages following live updates")
        .register(registry);
  }

  void event(EventType type) {
    (type == null ? otherEvents : events.get(type)).increment();
  }

  void dropped(long count) {
    if (count > 0) {
      dropped.increment(count);
    }
  }

  void lost(long count) {
    if (count > 0) {
      lost.increment(count);
    }
  }

  /** A problem of reading: counted when it means lines were skipped. */
  void skipped(Problem p) {
    Counter c = skipped.get(p.kind());
    if (c != null) {
      c.increment();
    }
  }

  /** A settled turn: its metrics into the histograms, its anomalies counted. */
  void turn(Turn t) {
    turns.increment();
    for (Map.Entry<Metric, Long> m : t.metrics().entrySet()) {
      latency.get(m.getKey()).record(Duration.ofNanos(m.getValue() * 1_000L));
    }
    for (Anomaly a : t.anomalies()) {
      anomalies.get(a.kind()).increment();
    }
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
