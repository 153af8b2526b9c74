package dev.voicelog.bench.otel;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.otel.VoiceLogOtel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the live OpenTelemetry sink costs its listener thread per call: one two-turn call of 22 lines
 * (13 spans: the conversation, 2 turns, user speech, STT, end of turn, LLM, a tool, TTS, agent speech),
 * decoded, assembled into turns and made into spans, against the peer: the same 13 spans made by hand
 * with the OpenTelemetry SDK (what an agent instrumented directly would pay, with nothing to decode or
 * assemble). Both end their spans into a BatchSpanProcessor whose exporter discards them, so the score is
 * the caller's side only. At full speed both make spans faster than one batch thread takes them: the
 * teardown prints how many were dropped (a dropped span costs its maker less). Score: microseconds per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LiveSinkBench {
  /** Width of the digits that make each call's session id unique ({@code bench-000000001}). */
  private static final int ID_DIGITS = 9;
  /** Spans per call. */
  private static final int SPANS = 13;
  private static final String ID_PREFIX = "bench-";

  private byte[][] lines;
  private int[] idAt;
  private long call;
  private long peerCalls;
  private VoiceLogOtel sink;
  private SdkTracerProvider peerProvider;
  private Tracer peer;
  private final AtomicLong exported = new AtomicLong();

  /** Discards spans, counting them: the export is not what is measured. */
  private final class Discard implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("voicelog-bench-otel");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    logCall(log.startSession(ID_PREFIX + "0".repeat(ID_DIGITS)));
    log.close();
    List<String> text;
    try (var files = Files.list(dir)) {
      text = Files.readAllLines(files.findFirst().orElseThrow());
    }
    lines = new byte[text.size()][];
    idAt = new int[text.size()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = text.get(i).getBytes(StandardCharsets.UTF_8);
      idAt[i] = text.get(i).indexOf(ID_PREFIX) + ID_PREFIX.length(); // ASCII before it: byte index = char index
    }
    MetricReader metrics = InMemoryMetricReader.create();
    sink = VoiceLogOtel.builder().spanExporter(new Discard()).metricReader(metrics).build();
    peerProvider = SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new Discard()).build()).build();
    peer = peerProvider.get("bench");
  }

  private static void logCall(Session s) {
    long t0 = s.nanoTime();
    Object[][] script = {
        {EventType.USER_SPEECH_START, 800}, {EventType.USER_SPEECH_END, 3_000}, {EventType.STT_START, 3_050},
        {EventType.TURN_END_DETECTED, 3_200}, {EventType.STT_COMPLETE, 3_400}, {EventType.LLM_REQUEST, 3_450},
        {EventType.LLM_FIRST_TOKEN, 3_800}, {EventType.TOOL_REQUEST_START, 3_850}, {EventType.TOOL_REQUEST_END, 4_100},
        {EventType.LLM_COMPLETE, 4_300}, {EventType.TTS_START, 4_350}, {EventType.TTS_FIRST_AUDIO, 4_550},
        {EventType.TTS_PLAYBACK_START, 4_600}, {EventType.USER_SPEECH_START, 5_200},
        {EventType.TTS_PLAYBACK_INTERRUPTED, 5_500}, {EventType.USER_SPEECH_END, 6_000}, {EventType.STT_START, 6_050},
        {EventType.STT_COMPLETE, 6_300}, {EventType.LLM_REQUEST, 6_350}, {EventType.LLM_ERROR, 6_900}};
    for (Object[] step : script) {
      var e = s.event((EventType) step[0]).at(t0 + Duration.ofMillis((Integer) step[1]).toNanos());
      if (step[0] == EventType.LLM_REQUEST) {
        e.put("model", "gpt-4o").put("provider", "openai");
      } else if (step[0] == EventType.TOOL_REQUEST_START || step[0] == EventType.TOOL_REQUEST_END) {
        e.put("tool", "weather");
      }
      e.log();
    }
    s.end();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sink.close();
    peerProvider.shutdown().join(5, TimeUnit.SECONDS);
    if (call > 0) {
      System.out.println("# ours: " + call + " calls, " + call * SPANS + " spans: " + sink.exportedSpans() + " exported, "
          + sink.droppedSpans() + " dropped");
    }
    if (peerCalls > 0) {
      System.out.println("# peer: " + peerCalls + " calls, " + peerCalls * SPANS + " spans: " + exported.get()
          + " exported, the rest dropped by the batch processor");
    }
  }

  /** Ours: the 22 lines of one call through the sink, as the log's listener thread delivers them. */
  @Benchmark
  public long ourLiveSinkPerCall() {
    long id = ++call;
    for (int i = 0; i < lines.length; i++) {
      byte[] line = lines[i];
      long n = id;
      for (int d = ID_DIGITS - 1; d >= 0; d--) {
        line[idAt[i] + d] = (byte) ('0' + n % 10);
        n /= 10;
      }
      sink.onLine(line);
    }
    return id;
  }

  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

  /** The peer: the same 13 spans, with explicit times, made directly with the SDK. */
  @Benchmark
  public long sdkByHandPerCall() {
    peerCalls++;
    long base = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    Span root = span("conversation", Context.root(), base, 0);
    Context rc = Context.root().with(root);
    Span turn1 = span("turn", rc, base, 800);
    Context t1 = rc.with(turn1);
    end(span("user_speech", t1, base, 800), base, 3_000);
    end(span("stt", t1, base, 3_050), base, 3_400);
    end(span("end_of_turn", t1, base, 3_000), base, 3_200);
    Span chat = span("chat gpt-4o", t1, base, 3_450);
    chat.setAttribute(MODEL, "gpt-4o");
    chat.addEvent("LLM_FIRST_TOKEN", base + 3_800_000, TimeUnit.MICROSECONDS);
    end(chat, base, 4_300);
    end(span("execute_tool weather", t1, base, 3_850), base, 4_100);
    end(span("tts", t1, base, 4_350), base, 5_500);
    end(span("agent_speech", t1, base, 4_600), base, 5_500);
    end(turn1, base, 5_500);
    Span turn2 = span("turn", rc, base, 5_200);
    Context t2 = rc.with(turn2);
    end(span("user_speech", t2, base, 5_200), base, 6_000);
    end(span("stt", t2, base, 6_050), base, 6_300);
    end(span("chat gpt-4o", t2, base, 6_350), base, 6_900);
    end(turn2, base, 7_000);
    end(root, base, 7_000);
    return base;
  }

  private Span span(String name, Context parent, long baseMicros, long ms) {
    return peer.spanBuilder(name).setParent(parent).setStartTimestamp(baseMicros + ms * 1000, TimeUnit.MICROSECONDS)
        .startSpan();
  }

  private static void end(Span s, long baseMicros, long ms) {
    s.end(baseMicros + ms * 1000, TimeUnit.MICROSECONDS);
  }
}
