/**
 * What a stream of audio bytes is: {@link AudioFormat}, an {@link Encoding} with a sample rate and a channel
 * count, and the one place that reads the wire formats' names (the Realtime API's, Twilio's, Asterisk
 * AudioSocket's: {@link AudioFormat#parse}). {@link Encoding} decodes and encodes samples through
 * {@link dev.voicelog.audio.codec}. Immutable and thread-safe; the WAV files, the recorder, the audio doctor,
 * the taps and the command describe audio with it.
 */
package dev.voicelog.audio.format;
