package dev.voicelog.otel;

import dev.voicelog.read.LogEvent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A span as {@link TurnSpans} plans it, before it is handed to the SDK: its name and kind, the events it
 * starts and ends at (its times are theirs), its attributes, the events marked on it and its error.
 * Mutable while planned; confined to one thread.
 */
final class PlannedSpan {
  final String name;
  final SpanKind kind;
  final LogEvent start;
  final LogEvent end;
  final AttributesBuilder attributes = Attributes.builder();
  /** Events shown on the span at their own times (first token, first audio, an error). */
  final List<LogEvent> marks = new ArrayList<>(2);
  /** The status description when the span failed; null when it did not. */
  String error;
  /** The {@code error.type} of a failed span. */
  String errorType;

  PlannedSpan(String name, SpanKind kind, LogEvent start, LogEvent end) {
    this.name = name;
    this.kind = kind;
    this.start = start;
    this.end = end;
  }

  /** Marks the span failed, keeping the first error it was given. */
  void fail(String description, String type) {
    if (error == null) {
      error = description;
      errorType = type;
    }
  }

  @Override
  public String toString() {
    return name + "[" + start + " -> " + end + "]";
  }
}
