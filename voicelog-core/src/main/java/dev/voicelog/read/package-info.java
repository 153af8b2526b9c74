/**
 * Reading logs: voicelog's own lines and the seeds' VoiceMode and Realtime-guide lines ({@link LogFormat}),
 * plain or gzip, single files or directories of rotated files. {@link LogReader} reads them into complete
 * {@link SessionLog}s for a {@link SessionSink} (through a {@link SessionCollector}); {@link LogTail} follows
 * files while they are written; {@link LineDecoder} turns single lines into {@link LogEvent}s, for consumers
 * that receive lines live from a {@link dev.voicelog.LineListener}. What is wrong inside the input is
 * reported as a {@link Problem}, never thrown.
 *
 * <p>Uses only {@link dev.voicelog.EventType} of the logger; {@link dev.voicelog.analysis} builds turns and
 * metrics on top of it.
 */
package dev.voicelog.read;
