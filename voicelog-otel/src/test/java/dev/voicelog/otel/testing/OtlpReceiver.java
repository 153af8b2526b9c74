package dev.voicelog.otel.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver on 127.0.0.1 for tests: decodes the protobuf {@code ExportTraceServiceRequest}s
 * and {@code ExportMetricsServiceRequest}s it is sent (with opentelemetry-proto) and keeps what they carry.
 * It can be made slow ({@link #hold()}) or stopped mid-run ({@link #stop()}). Thread-safe.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "otlp-receiver");
    t.setDaemon(true);
    return t;
  });
  private final List<Span> spans = new ArrayList<>();
  private final List<Resource> spanResources = new ArrayList<>();
  private final List<Metric> metrics = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", this::traces);
    server.createContext("/v1/metrics", this::metrics);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL to give as the OTLP endpoint. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void traces(HttpExchange ex) throws IOException {
    try {
      hold.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body(ex));
    synchronized (this) {
      authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
      for (ResourceSpans rs : req.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            spans.add(s);
            spanResources.add(rs.getResource());
          }
        }
      }
      notifyAll();
    }
    answer(ex, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void metrics(HttpExchange ex) throws IOException {
    ExportMetricsServiceRequest req = ExportMetricsServiceRequest.parseFrom(body(ex));
    synchronized (this) {
      for (ResourceMetrics rm : req.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          metrics.addAll(sm.getMetricsList());
        }
      }
      notifyAll();
    }
    answer(ex, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static byte[] body(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  private static void answer(HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Requests wait until {@link #release()}: a collector that has stopped answering. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  /** Every span received so far. */
  public synchronized List<Span> spans() {
    return List.copyOf(spans);
  }

  /** The resource each span of {@link #spans()} came with (same order). */
  public synchronized List<Resource> spanResources() {
    return List.copyOf(spanResources);
  }

  /** Every metric received so far (each export sends the cumulative state again). */
  public synchronized List<Metric> metrics() {
    return List.copyOf(metrics);
  }

  /** The Authorization header of each trace request. */
  public synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Waits until at least {@code n} spans have arrived, or the timeout; returns what has arrived. */
  public synchronized List<Span> awaitSpans(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (spans.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(spans);
  }

  /** Stops answering: connections are refused from now on. */
  public void stop() {
    release();
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
    executor.shutdownNow();
  }
}
