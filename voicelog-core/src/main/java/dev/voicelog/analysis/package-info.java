/**
 * Turns, metrics and anomalies: the one implementation of DESIGN.md's "Turns and metrics", shared by every
 * consumer (the command, the web report and dashboard, the OpenTelemetry exporter, the taps' consoles).
 * {@link Analysis} analyses whole inputs in one call; {@link ConversationAssembler} is a
 * {@link dev.voicelog.read.LogReader}'s sink and hands each {@link Conversation} to a
 * {@link ConversationListener}; {@link LiveTurns} hands over {@link Turn}s as events arrive live. A turn
 * carries its {@link Metric}s (whole microseconds, never negative) and its {@link Anomaly}s;
 * {@link Aggregates} holds their statistics over many turns, {@link AnalysisOptions} the settings.
 *
 * <p>Built on {@link dev.voicelog.read}; {@link dev.voicelog.analysis.json} writes the results as JSON.
 */
package dev.voicelog.analysis;
