/**
 * What people look at in a browser: {@link HtmlReport} writes one self-contained HTML file of an analysis
 * (it opens with no network), and {@link Dashboard} serves the same views live over a log directory from an
 * embedded Javalin server, with JSON endpoints and Prometheus {@code /metrics}. Both draw on voicelog-core's
 * {@link dev.voicelog.analysis} and write its JSON with {@link dev.voicelog.analysis.json.AnalysisJson}; the
 * dashboard follows its logs with a {@link dev.voicelog.read.LogTail}. {@code voicelog report} and
 * {@code voicelog serve} are the commands; the package's other classes are internal to these two.
 */
package dev.voicelog.web;
