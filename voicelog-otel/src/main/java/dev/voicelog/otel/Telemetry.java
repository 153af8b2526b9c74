package dev.voicelog.otel;

import dev.voicelog.analysis.AnalysisOptions;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.ServiceAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK as voicelog uses it, wired in one place:
 *
 * <pre>
 * span.end() -> AdmittingSpanProcessor (bounded, counts refusals)
 *            -> BatchSpanProcessor (its own thread; batches; never blocks the caller)
 *            -> CountingSpanExporter (counts failed exports) -> OTLP/HTTP (OkHttp) /v1/traces
 * turn metrics -> LatencyHistograms -> SdkMeterProvider -> PeriodicMetricReader -> OTLP/HTTP /v1/metrics
 * </pre>
 *
 * A batch processor rather than a simple one: with the OkHttp sender, many exports in flight at once get
 * rejected by its executor and lose spans. The metrics are cumulative, so an export that fails loses no
 * count: the next one carries it.
 *
 * <p>Thread-safe.
 */
final class Telemetry {
  static final String SCOPE = "dev.voicelog.otel";

  private final SdkTracerProvider tracerProvider;
  private final SdkMeterProvider meterProvider;
  private final SpanAccounting accounting;
  private final Tracer tracer;
  private final LatencyHistograms histograms;
  private final AnalysisOptions analysisOptions;
  private final boolean captureContent;

  Telemetry(VoiceLogOtelBuilder b) {
    analysisOptions = b.analysisOptions;
    captureContent = b.captureContent;
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME, b.serviceName)));
    Duration timeout = b.exportTimeout;
    accounting = new SpanAccounting(b.maxQueueSize, b.overflow, timeout.toNanos(), b.endpoint.toString());
    SpanExporter exporter = b.spanExporter != null ? b.spanExporter : otlpSpans(b);
    BatchSpanProcessor batch = BatchSpanProcessor.builder(new CountingSpanExporter(exporter, accounting))
        .setMaxQueueSize(b.maxQueueSize)
        .setMaxExportBatchSize(Math.min(512, b.maxQueueSize))
        .setScheduleDelay(b.scheduleDelay)
        .setExporterTimeout(timeout.plusSeconds(1)) // the exporter's own timeout ends the call first
        .build();
    tracerProvider = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(new AdmittingSpanProcessor(batch, accounting))
        .build();
    MetricReader reader = b.metricReader != null ? b.metricReader
        : PeriodicMetricReader.builder(otlpMetrics(b)).setInterval(b.metricInterval).build();
    meterProvider = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build();
    String version = Telemetry.class.getPackage().getImplementationVersion();
    tracer = tracerProvider.tracerBuilder(SCOPE).setInstrumentationVersion(version == null ? "dev" : version).build();
    histograms = new LatencyHistograms(meterProvider.meterBuilder(SCOPE).build());
  }

  private static SpanExporter otlpSpans(VoiceLogOtelBuilder b) {
    OtlpHttpSpanExporterBuilder e = OtlpHttpSpanExporter.builder().setEndpoint(b.endpoint.traces()).setTimeout(b.exportTimeout);
    for (Map.Entry<String, String> h : b.headers().entrySet()) {
      e.addHeader(h.getKey(), h.getValue());
    }
    return e.build();
  }

  private static OtlpHttpMetricExporter otlpMetrics(VoiceLogOtelBuilder b) {
    OtlpHttpMetricExporterBuilder e = OtlpHttpMetricExporter.builder().setEndpoint(b.endpoint.metrics()).setTimeout(b.exportTimeout);
    for (Map.Entry<String, String> h : b.headers().entrySet()) {
      e.addHeader(h.getKey(), h.getValue());
    }
    return e.build();
  }

  /** A new conversation's trace, its spans placed by {@code clock}. */
  ConversationTrace trace(SpanClock clock, String conversationId, Map<String, Object> fields) {
    return new ConversationTrace(tracer, histograms, clock, conversationId, fields, captureContent);
  }

  /** The settings turns are assembled with. */
  AnalysisOptions analysisOptions() {
    return analysisOptions;
  }

  SpanAccounting accounting() {
    return accounting;
  }

  /** Sends what is waiting; true when it all went out within the timeout. Blocks up to {@code timeout}. */
  boolean flush(Duration timeout) {
    CompletableResultCode r = CompletableResultCode.ofAll(List.of(tracerProvider.forceFlush(), meterProvider.forceFlush()));
    return r.join(timeout.toNanos(), TimeUnit.NANOSECONDS).isSuccess() && accounting.inFlight() == 0;
  }

  /**
   * Sends what is waiting and stops the exporters; blocks up to {@code timeout}. What could not be sent in
   * time is counted dropped. True when nothing was left behind.
   *
   * <p>The SDK's shutdown runs on a thread of its own: the metric reader's shutdown exports synchronously
   * and may wait far longer than we allow (a collector that does not answer), so the caller only waits on
   * the result.
   */
  boolean shutdown(Duration timeout) {
    CompletableResultCode done = new CompletableResultCode();
    Thread t = new Thread(() -> {
      CompletableResultCode all = CompletableResultCode.ofAll(List.of(tracerProvider.shutdown(), meterProvider.shutdown()));
      all.whenComplete(() -> {
        if (all.isSuccess()) {
          done.succeed();
        } else {
          done.fail();
        }
      });
    }, "voicelog-otel-shutdown");
    t.setDaemon(true);
    t.start();
    boolean ok = done.join(timeout.toNanos(), TimeUnit.NANOSECONDS).isSuccess();
    accounting.abandonInFlight();
    return ok;
  }
}
