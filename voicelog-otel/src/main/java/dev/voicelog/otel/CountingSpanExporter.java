package dev.voicelog.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Tells {@link SpanAccounting} how each export ended: delivered, or failed (and so dropped). An exporter that
 * throws counts as failed and never reaches the batch processor. Thread-safe if the delegate is.
 */
final class CountingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final SpanAccounting accounting;

  CountingSpanExporter(SpanExporter delegate, SpanAccounting accounting) {
    this.delegate = delegate;
    this.accounting = accounting;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      accounting.completed(n, false);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> accounting.completed(n, result.isSuccess()));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
