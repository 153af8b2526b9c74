package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the sink from two threads at once: the second learns the first's result, not a guess. */
class VoiceLogOtelCloseTest {
  /** An exporter whose shutdown completes only when the test says so. */
  static final class GatedExporter implements SpanExporter {
    final CountDownLatch shutdownStarted = new CountDownLatch(1);
    final CompletableResultCode shutdown = new CompletableResultCode();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdownStarted.countDown();
      return shutdown;
    }
  }

  @Test
  void aCloseDuringAnotherWaitsForItsResult() throws Exception {
    GatedExporter exporter = new GatedExporter();
    VoiceLogOtel otel = VoiceLogOtel.builder().spanExporter(exporter).build();
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> otel.close(Duration.ofSeconds(30)));
    assertThat(exporter.shutdownStarted.await(30, TimeUnit.SECONDS)).isTrue();

    Thread second = new Thread(() -> secondResult.complete(otel.close(Duration.ofSeconds(30))), "second-close");
    second.start();
    // the second close is waiting (or, as before the fix, has already answered): only then may the first end
    while (second.getState() != Thread.State.TIMED_WAITING && second.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    exporter.shutdown.succeed();
    assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(secondResult.get(30, TimeUnit.SECONDS)).as("the first close's result, not false").isTrue();
    assertThat(otel.close(Duration.ZERO)).as("later: the first result at once").isTrue();
  }

  private final CompletableFuture<Boolean> secondResult = new CompletableFuture<>();
}
