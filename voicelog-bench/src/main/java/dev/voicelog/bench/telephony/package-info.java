/**
 * What a telephony tap costs a call (issue 6; BENCHMARKS.md, "Telephony taps"): {@link TelephonyTapBenchmark}
 * runs the Twilio or AudioSocket tap in its own JVM against the same calls made directly at the same time (1
 * and 100 calls, a 20 ms frame each way every 20 ms) and reports the latency the tap adds and its CPU per
 * call. {@code EchoAgents} are the agents (every frame answered at once), {@code Stamps} the stamped frames.
 */
package dev.voicelog.bench.telephony;
