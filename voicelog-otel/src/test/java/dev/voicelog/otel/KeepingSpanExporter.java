package dev.voicelog.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;

/**
 * The SDK's {@link InMemorySpanExporter}, except that shutting it down (which closing a sink does) keeps
 * what it received, so a test can look after the close.
 */
final class KeepingSpanExporter implements SpanExporter {
  private final InMemorySpanExporter memory = InMemorySpanExporter.create();

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return memory.export(spans);
  }

  @Override
  public CompletableResultCode flush() {
    return memory.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  List<SpanData> getFinishedSpanItems() {
    return memory.getFinishedSpanItems();
  }

  void reset() {
    memory.reset();
  }
}
