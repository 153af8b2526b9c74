/**
 * The event logger: what an agent links to write its conversations as JSON lines. {@link VoiceLog} (built by
 * {@link VoiceLogBuilder}, or configured by {@link VoiceLog#fromEnvironment()}) opens {@link Session}s; a
 * session logs {@link EventType}s, with their data, through an {@link EventBuilder}. Logging never does I/O
 * on the caller's thread: events go through a bounded queue ({@link OverflowPolicy}) to one writer thread,
 * which appends them to files rotated by {@link Rotation}, hides spoken text when asked ({@link Redaction}),
 * and hands every line it writes to the {@link LineListener}s (the OpenTelemetry sink, a tap's console).
 *
 * <p>The reading side is {@link dev.voicelog.read} and the analysis {@link dev.voicelog.analysis}; this
 * package uses neither (nor Jackson), so an agent that only logs loads neither.
 */
package dev.voicelog;
