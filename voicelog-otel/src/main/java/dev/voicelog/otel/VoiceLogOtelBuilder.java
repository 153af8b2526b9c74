package dev.voicelog.otel;

import dev.voicelog.OverflowPolicy;
import dev.voicelog.VoiceLogConfigException;
import dev.voicelog.analysis.AnalysisOptions;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link VoiceLogOtel}. Every setting has a named default; each setter validates its value and
 * throws a {@link VoiceLogConfigException} naming the setting.
 *
 * <p><b>Environment.</b> {@link #fromEnvironment(Map)} maps these variables onto the builder (later builder
 * calls override them); they are read there and nowhere else:
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code OTEL_EXPORTER_OTLP_ENDPOINT}</td><td>OTLP/HTTP base URL; {@code /v1/traces} and
 *       {@code /v1/metrics} are added</td><td>{@value #DEFAULT_ENDPOINT}</td></tr>
 *   <tr><td>{@code OTEL_EXPORTER_OTLP_HEADERS}</td><td>{@code key=value,key2=value2} (values percent-encoded),
 *       sent with every export; never logged</td><td>none</td></tr>
 *   <tr><td>{@code OTEL_SERVICE_NAME}</td><td>{@code service.name} of the resource</td><td>{@value #DEFAULT_SERVICE_NAME}</td></tr>
 *   <tr><td>{@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}</td><td>{@code true}/{@code SPAN_ONLY}/{@code SPAN_AND_EVENT}:
 *       put what was said into spans</td><td>off</td></tr>
 * </table>
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class VoiceLogOtelBuilder {
  /** The OTLP/HTTP port of a local OpenTelemetry Collector. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:4318";
  /** The {@code service.name} when none is given. */
  public static final String DEFAULT_SERVICE_NAME = "voice-agent";
  /** Spans waiting for or in export at most; beyond that they are dropped (live) or wait (replay). */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  /** How long one export (with its retries) may take before its spans count as dropped. */
  public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);
  /** How long a batch waits to fill before it is sent anyway: a turn shows up in the backend about this late. */
  public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(1);
  /** How often the latency histograms are sent. */
  public static final Duration DEFAULT_METRIC_INTERVAL = Duration.ofSeconds(60);
  /** How long closing may take to send what is left. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** Largest queue accepted. */
  public static final int MAX_QUEUE_SIZE = 1 << 20;

  OtlpEndpoint endpoint = OtlpEndpoint.parse("endpoint", DEFAULT_ENDPOINT);
  final Map<String, String> headers = new LinkedHashMap<>();
  String serviceName = DEFAULT_SERVICE_NAME;
  boolean captureContent;
  int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
  Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;
  Duration scheduleDelay = DEFAULT_SCHEDULE_DELAY;
  Duration metricInterval = DEFAULT_METRIC_INTERVAL;
  Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  OverflowPolicy overflow = OverflowPolicy.DROP;
  AnalysisOptions analysisOptions = AnalysisOptions.defaults();
  SpanExporter spanExporter;
  MetricReader metricReader;

  VoiceLogOtelBuilder() {}

  /**
   * Applies the OpenTelemetry variables of {@code env} (usually {@code System.getenv()}); see the class comment.
   *
   * @throws VoiceLogConfigException naming the variable and what was expected (never a header's value)
   */
  public VoiceLogOtelBuilder fromEnvironment(Map<String, String> env) {
    OtelEnvironment.apply(Objects.requireNonNull(env, "env"), this);
    return this;
  }

  /**
   * The OTLP/HTTP base URL ({@code http://collector:4318}); traces go to {@code /v1/traces} under it and
   * metrics to {@code /v1/metrics}. A URL already ending in one of those is taken as its base. Default
   * {@value #DEFAULT_ENDPOINT}.
   *
   * @throws VoiceLogConfigException when it is not an http or https URL with a host
   */
  public VoiceLogOtelBuilder endpoint(String url) {
    return endpoint(OtlpEndpoint.parse("endpoint", Objects.requireNonNull(url, "url")));
  }

  VoiceLogOtelBuilder endpoint(OtlpEndpoint e) {
    this.endpoint = e;
    return this;
  }

  /**
   * A header sent with every export (an API key, a tenant); replaces one of the same name. Values are never
   * logged.
   *
   * @throws VoiceLogConfigException when the name is not a valid header name or the value has a line break
   */
  public VoiceLogOtelBuilder header(String name, String value) {
    checkHeader("header", name, value);
    headers.put(name, value);
    return this;
  }

  static void checkHeader(String where, String name, String value) {
    if (!isHeaderName(name)) {
      throw new VoiceLogConfigException(where + ": \"" + name + "\" is not a valid header name");
    }
    if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new VoiceLogConfigException(where + ": the value of header " + name
          + " is missing or has a line break (the value is not shown: headers carry credentials)");
    }
  }

  /** Whether {@code name} is an HTTP header name (an RFC 9110 token). */
  static boolean isHeaderName(String name) {
    return name != null && !name.isEmpty() && name.chars().allMatch(VoiceLogOtelBuilder::isTokenChar);
  }

  private static boolean isTokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  /**
   * The {@code service.name} of every span and metric (default {@value #DEFAULT_SERVICE_NAME}).
   *
   * @throws VoiceLogConfigException when blank
   */
  public VoiceLogOtelBuilder serviceName(String name) {
    if (name == null || name.isBlank()) {
      throw new VoiceLogConfigException("serviceName: must not be blank");
    }
    this.serviceName = name.trim();
    return this;
  }

  /**
   * Whether what the user and the agent said goes into the turn spans ({@code voice.user.text},
   * {@code voice.agent.text}). Off by default, as the GenAI conventions require: spoken text is personal data.
   */
  public VoiceLogOtelBuilder captureContent(boolean capture) {
    this.captureContent = capture;
    return this;
  }

  /**
   * Spans waiting for or in export at most (1 to {@value #MAX_QUEUE_SIZE}, default {@value #DEFAULT_MAX_QUEUE_SIZE}).
   *
   * @throws VoiceLogConfigException outside that range
   */
  public VoiceLogOtelBuilder maxQueueSize(int spans) {
    if (spans < 1 || spans > MAX_QUEUE_SIZE) {
      throw new VoiceLogConfigException("maxQueueSize: must be from 1 to " + MAX_QUEUE_SIZE + ", got " + spans);
    }
    this.maxQueueSize = spans;
    return this;
  }

  /**
   * How long one export, retries included, may take; its spans are dropped after that (default
   * {@link #DEFAULT_EXPORT_TIMEOUT}).
   *
   * @throws VoiceLogConfigException when not positive
   */
  public VoiceLogOtelBuilder exportTimeout(Duration timeout) {
    this.exportTimeout = positive("exportTimeout", timeout);
    return this;
  }

  /**
   * How long a batch of spans waits to fill before it is sent anyway (default {@link #DEFAULT_SCHEDULE_DELAY}).
   *
   * @throws VoiceLogConfigException when not positive
   */
  public VoiceLogOtelBuilder scheduleDelay(Duration delay) {
    this.scheduleDelay = positive("scheduleDelay", delay);
    return this;
  }

  /**
   * How often the latency histograms are sent (default {@link #DEFAULT_METRIC_INTERVAL}).
   *
   * @throws VoiceLogConfigException when not positive
   */
  public VoiceLogOtelBuilder metricInterval(Duration interval) {
    this.metricInterval = positive("metricInterval", interval);
    return this;
  }

  /**
   * How long closing may take to send what is left; spans still unsent then are counted dropped (default
   * {@link #DEFAULT_CLOSE_TIMEOUT}).
   *
   * @throws VoiceLogConfigException when negative
   */
  public VoiceLogOtelBuilder closeTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "closeTimeout");
    if (timeout.isNegative()) {
      throw new VoiceLogConfigException("closeTimeout: must not be negative, got " + timeout);
    }
    this.closeTimeout = timeout;
    return this;
  }

  /**
   * What happens to a span when the queue is full: {@link OverflowPolicy#DROP} (the default; it is counted)
   * or {@link OverflowPolicy#BLOCK} (the thread ending spans waits up to the export timeout, then drops it).
   * A live sink should drop; a replay of files may wait.
   */
  public VoiceLogOtelBuilder overflow(OverflowPolicy policy) {
    this.overflow = Objects.requireNonNull(policy, "overflow");
    return this;
  }

  /** The analysis settings (slow-turn threshold, VoiceMode stitching) turns are assembled with. */
  public VoiceLogOtelBuilder analysisOptions(AnalysisOptions options) {
    this.analysisOptions = Objects.requireNonNull(options, "analysisOptions");
    return this;
  }

  /**
   * Sends spans to this exporter instead of OTLP/HTTP (a test's in-memory exporter, another protocol).
   * The endpoint and headers then do not apply to spans. Spans still go through the bounded queue.
   */
  public VoiceLogOtelBuilder spanExporter(SpanExporter exporter) {
    this.spanExporter = Objects.requireNonNull(exporter, "spanExporter");
    return this;
  }

  /** Reads the latency histograms with this reader instead of sending them by OTLP/HTTP every metric interval. */
  public VoiceLogOtelBuilder metricReader(MetricReader reader) {
    this.metricReader = Objects.requireNonNull(reader, "metricReader");
    return this;
  }

  /** Starts the exporters (no connection is made until the first export). */
  public VoiceLogOtel build() {
    return new VoiceLogOtel(this);
  }

  Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }

  private static Duration positive(String setting, Duration d) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative() || d.isZero()) {
      throw new VoiceLogConfigException(setting + ": must be positive, got " + d);
    }
    return d;
  }
}
