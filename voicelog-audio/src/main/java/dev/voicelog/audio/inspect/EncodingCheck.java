package dev.voicelog.audio.inspect;

import dev.voicelog.audio.format.Encoding;
import java.util.List;

/**
 * What {@link AudioInspector#checkEncoding} found: the encoding the bytes most likely are. Immutable.
 *
 * @param encoding the likeliest encoding (the declared one, or PCM16 LE, when the audio is digital silence)
 * @param guesses every encoding tried, best first, with its evidence
 * @param silent whether every sample is the same, so that no encoding can be told from another
 * @param problem when an encoding was declared and the bytes are another: the mistake in words; else null
 */
public record EncodingCheck(Encoding encoding, List<EncodingGuess> guesses, boolean silent, String problem) {}
