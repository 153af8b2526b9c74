/**
 * The JSON of an analysis, in the one schema docs/cli-json.md describes: {@link AnalysisJson} writes the
 * conversations, turns, anomalies, problems and aggregates of {@link dev.voicelog.analysis} to a Jackson
 * {@code JsonGenerator}. The {@code voicelog} command ({@code --format json}) and voicelog-web's report and
 * dashboard all write with it, each adding only fields of its own.
 */
package dev.voicelog.analysis.json;
