/**
 * voicelog conversations as OpenTelemetry traces and latency histograms, sent over OTLP/HTTP. {@link VoiceLogOtel}
 * (built by {@link VoiceLogOtelBuilder}, or from the {@code OTEL_*} environment) is both a live sink, a
 * {@link dev.voicelog.LineListener} added to a {@code VoiceLog}, and a replayer of existing logs
 * ({@link VoiceLogOtel#replay}, which returns a {@link ReplaySummary}). {@link VoiceAttributes} and
 * {@link GenAiAttributes} name the spans and attributes it exports (docs/otel.md).
 *
 * <p>Turns come from voicelog-core's {@link dev.voicelog.analysis} (live through
 * {@link dev.voicelog.analysis.LiveTurns}, replayed through a {@link dev.voicelog.read.LogReader}), so a span
 * and the metric it shows always agree. {@code voicelog export otlp} is the command over the replay. The
 * package's other classes (the span plan, the SDK wiring, the bounded export queue) are internal.
 */
package dev.voicelog.otel;
