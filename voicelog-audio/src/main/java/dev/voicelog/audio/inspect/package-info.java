/**
 * The audio doctor: {@link AudioInspector} reads audio bytes of known or unknown format and says what they
 * most likely are ({@link EncodingCheck}, with an {@link EncodingGuess} per encoding tried) and what is wrong
 * with them ({@link Inspection}: the wrong encoding or byte order, an implausible sample rate, clipping, DC
 * offset, silence). Behind {@code voicelog audio inspect}; the telephony taps judge an agent's audio with
 * {@link AudioInspector#checkEncoding}. Reads WAV files through {@link dev.voicelog.audio.wav}.
 */
package dev.voicelog.audio.inspect;
