/**
 * The latency the Realtime proxy adds (issue 5; BENCHMARKS.md, "Realtime proxy"), against a direct
 * connection to the same local upstream measured at the same time: {@link RealtimeProxyLatencyBenchmark}, JMH
 * groups of direct and proxied sessions at 50 messages/s, with the proxy in its own JVM or in-process, or as
 * baselines the bare relay, socat or a selector copy. The harness: {@code EchoUpstream} and
 * {@code RawEchoUpstream} (the upstream), {@link RawWebSocket} (a blocking client that makes no garbage),
 * {@link Pacer} (the 20 ms clock), {@link OneWay} (one-way percentiles from send stamps), {@link TimedListener}
 * and {@link AcceptLoop}. {@link InProxyTimeProbe} measures how long a message spends inside the relay.
 */
package dev.voicelog.bench.realtime;
