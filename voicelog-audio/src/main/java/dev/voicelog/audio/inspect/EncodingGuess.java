package dev.voicelog.audio.inspect;

import dev.voicelog.audio.format.Encoding;

/**
 * How well the bytes read as one encoding. Immutable and thread-safe.
 *
 * @param encoding the hypothesis
 * @param smoothness lag-1 autocorrelation of the decoded samples: near 1 for real audio decoded right, near
 *     0 (or negative) for bytes decoded wrong, which come out as noise
 */
public record EncodingGuess(Encoding encoding, double smoothness) {}
