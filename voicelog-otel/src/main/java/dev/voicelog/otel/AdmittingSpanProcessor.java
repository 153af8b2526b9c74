package dev.voicelog.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Lets an ended span through to the batch processor only if {@link SpanAccounting} admits it (see there).
 * Thread-safe.
 */
final class AdmittingSpanProcessor implements SpanProcessor {
  private final SpanProcessor batch;
  private final SpanAccounting accounting;

  AdmittingSpanProcessor(SpanProcessor batch, SpanAccounting accounting) {
    this.batch = batch;
    this.accounting = accounting;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    // the batch processor does nothing at start
  }

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled() && accounting.admit()) {
      batch.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    accounting.close();
    return batch.shutdown();
  }
}
