package dev.voicelog.tap.audiosocket;

import dev.voicelog.tap.call.Diagnostic;

/**
 * Something wrong with a stream's framing, where it was.
 *
 * @param diagnostic {@link Diagnostic#MALFORMED}, {@link Diagnostic#TRUNCATED_FRAME} or {@link Diagnostic#STREAM_LOST}
 * @param offset the stream offset it concerns
 * @param message what was wrong, in words
 */
record FrameProblem(Diagnostic diagnostic, long offset, String message) {}
