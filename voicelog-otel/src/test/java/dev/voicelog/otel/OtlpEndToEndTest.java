package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.EventType;
import dev.voicelog.OverflowPolicy;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.otel.testing.OtlpReceiver;
import dev.voicelog.testing.ManualClock;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over real OTLP/HTTP to a receiver on 127.0.0.1 that decodes the protobuf requests. */
class OtlpEndToEndTest {
  private static final String API_KEY = "Bearer sk-test-3f9a7c0e51d2";

  @TempDir Path tmp;
  private OtlpReceiver receiver;
  private final ManualClock clock = ManualClock.at(ScriptedCall.START);
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(r)
          + (r.getThrown() == null ? "" : " " + r.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    receiver.close();
  }

  private VoiceLogOtelBuilder otel() {
    return VoiceLogOtel.builder()
        .fromEnvironment(java.util.Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.url(),
            "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=" + API_KEY.replace(" ", "%20"),
            "OTEL_SERVICE_NAME", "booking-agent"))
        .scheduleDelay(Duration.ofMillis(20))
        .exportTimeout(Duration.ofSeconds(2));
  }

  private VoiceLog log(VoiceLogOtel otel) {
    return VoiceLog.builder().directory(tmp).shutdownHook(false).monotonicClock(clock).wallClock(clock)
        .addListener(otel).build();
  }

  private static long lines(Path dir) throws java.io.IOException {
    long n = 0;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      for (Path f : files.toList()) {
        n += java.nio.file.Files.readAllLines(f).size();
      }
    }
    return n;
  }

  private static String attribute(Span s, String key) {
    for (KeyValue kv : s.getAttributesList()) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : kv.getValue().toString();
      }
    }
    return null;
  }

  @Test
  void aReplayedLogArrivesWithEveryTimeExactToTheMicrosecond() throws Exception {
    VoiceLog writer = VoiceLog.builder().directory(tmp).shutdownHook(false).monotonicClock(clock).wallClock(clock).build();
    ScriptedCall call = new ScriptedCall(clock);
    call.run(writer, "call-1");
    call.run(writer, "call-2");
    assertThat(writer.close()).isTrue();

    ReplaySummary summary;
    try (VoiceLogOtel otel = otel().overflow(OverflowPolicy.BLOCK).build()) {
      summary = otel.replay(List.of(tmp));
    }

    assertThat(summary.complete()).as("%s", summary).isTrue();
    assertThat(summary.conversations()).isEqualTo(2);
    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(2 * ScriptedCall.SPANS);
    assertThat(EventTimes.of(List.of(tmp)).assertExact(spans.stream().map(EventTimes.Timed::of).toList()))
        .isEqualTo(2 * ScriptedCall.SPANS);
    assertThat(receiver.spanResources()).allSatisfy(r -> assertThat(r.getAttributesList())
        .anySatisfy(kv -> {
          assertThat(kv.getKey()).isEqualTo("service.name");
          assertThat(kv.getValue().getStringValue()).isEqualTo("booking-agent");
        }));
    assertThat(receiver.authorizations()).isNotEmpty().containsOnly(API_KEY);
    assertThat(logged).noneMatch(line -> line.contains("sk-test"));
  }

  @Test
  void aLiveSessionArrivesWithEveryTimeExactToTheMicrosecondAndItsHistograms() throws Exception {
    VoiceLogOtel otel = otel().build();
    VoiceLog log = log(otel);
    new ScriptedCall(clock).run(log, "live-1");
    assertThat(log.close()).isTrue(); // closes the sink too: what is queued is sent before it returns

    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(ScriptedCall.SPANS);
    EventTimes.of(List.of(tmp)).assertExact(spans.stream().map(EventTimes.Timed::of).toList());
    Span backdated = spans.stream().filter(s -> s.getName().equals(VoiceAttributes.USER_SPEECH_SPAN)
        && "USER_SPEECH_START#2".equals(attribute(s, VoiceAttributes.START_EVENT.getKey()))).findFirst().orElseThrow();
    assertThat(backdated.getStartTimeUnixNano()).isEqualTo(ScriptedCall.nanos(800));
    assertThat(otel.exportedSpans()).isEqualTo(ScriptedCall.SPANS);
    assertThat(otel.droppedSpans()).isZero();

    Metric v2v = receiver.metrics().stream().filter(m -> m.getName().equals("voice.voice_to_voice")).reduce((a, b) -> b)
        .orElseThrow();
    HistogramDataPoint point = v2v.getHistogram().getDataPoints(0);
    assertThat(v2v.getUnit()).isEqualTo("s");
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getSum()).isEqualTo(1.6);
    assertThat(point.getExplicitBoundsList()).isEqualTo(LatencyHistograms.BUCKETS);
  }

  @Test
  void aCollectorThatStopsMidRunCostsCountedDropsNeverTheAgent() throws Exception {
    VoiceLogOtel otel = otel().closeTimeout(Duration.ofSeconds(1)).build();
    VoiceLog log = log(otel);
    ScriptedCall call = new ScriptedCall(clock);
    call.run(log, "before");
    Poll.until(() -> otel.exportedSpans() == ScriptedCall.SPANS); // received and acknowledged
    assertThat(receiver.spans()).hasSize(ScriptedCall.SPANS);
    assertThat(otel.exportedSpans()).as("exported, with %s dropped, %s in flight", otel.droppedSpans(),
        otel.telemetry().accounting().inFlight()).isEqualTo(ScriptedCall.SPANS);

    receiver.stop();
    for (int i = 0; i < 5; i++) {
      call.run(log, "after-" + i); // the agent goes on logging: nothing blocks, nothing throws
    }
    assertThat(log.close()).isTrue();
    assertThat(lines(tmp)).isEqualTo(6 * ScriptedCall.LINES);

    long created = 6L * ScriptedCall.SPANS;
    assertThat(otel.exportedSpans()).isEqualTo(ScriptedCall.SPANS);
    assertThat(otel.droppedSpans()).isEqualTo(created - ScriptedCall.SPANS);
    assertThat(receiver.spans()).hasSize(ScriptedCall.SPANS);
    List<String> reports = logged.stream().filter(l -> l.startsWith("dev.voicelog.otel")).toList();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).contains("dropped").contains(receiver.url());
    assertThat(logged).noneMatch(line -> line.contains("sk-test"));
  }

  @Test
  void aCollectorThatHangsFillsTheBoundedQueueAndTheRestIsDroppedAndCounted() throws Exception {
    receiver.hold();
    VoiceLogOtel otel = otel().maxQueueSize(8).closeTimeout(Duration.ofMillis(500)).build();
    VoiceLog log = log(otel);
    Session s = log.startSession("busy");
    for (int turn = 0; turn < 40; turn++) {
      s.log(EventType.USER_SPEECH_START);
      clock.advanceMillis(500);
      s.log(EventType.USER_SPEECH_END);
      clock.advanceMillis(500);
    }
    s.end();
    assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
    // Every span made: in flight (held by the hung collector), exported or dropped. Waiting for the lines
    // alone is not enough: the spans of the last line may still be being made.
    SpanAccounting accounting = otel.telemetry().accounting();
    Poll.until(() -> accounting.inFlight() + otel.exportedSpans() + otel.droppedSpans() >= 81);
    long inFlightAtMost = accounting.inFlight();

    assertThat(inFlightAtMost).isLessThanOrEqualTo(8);
    assertThat(otel.droppedSpans()).isGreaterThanOrEqualTo(81 - 8); // 40 turns x 2 spans + the conversation
    assertThat(log.close()).isTrue();
    receiver.release();
    assertThat(otel.exportedSpans() + otel.droppedSpans()).isEqualTo(81);
  }
}
