/**
 * Relays in processes of their own, for the proxy and telephony benchmarks; it measures nothing itself.
 * {@link TapProcess} runs a tap (or a bare relay) in its own JVM, as in production, started and stopped by a
 * {@link TapProcessHandle}; {@link SocatRelay}, socat copying the bytes, is the reference for what any relay
 * process adds on the machine, and {@code SelectorCopyRelay} is socat's shape in Java. Each is a
 * {@link RelayProcess} whose CPU time {@link CpuMeter} reads from {@code /proc} (a {@link CpuUse}).
 */
package dev.voicelog.bench.tapprocess;
