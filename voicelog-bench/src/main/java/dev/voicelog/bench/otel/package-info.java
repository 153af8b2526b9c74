/**
 * The OpenTelemetry live sink (BENCHMARKS.md, "OpenTelemetry live sink"): {@link LiveSinkBench} measures what
 * voicelog-otel costs the log's listener thread per two-turn call (its lines decoded, its turns assembled, 13
 * spans made) against its peer, the same 13 spans made by hand with the OpenTelemetry SDK, both ended into a
 * batch processor whose exporter discards them.
 */
package dev.voicelog.bench.otel;
