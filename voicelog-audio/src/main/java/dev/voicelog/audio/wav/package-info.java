/**
 * WAV files: {@link WavReader} reads 16-bit PCM, mu-law and A-law files into a {@link WavFile}, tolerating the
 * sizes a streaming or crashed writer leaves; {@link WavWriter} writes them as audio arrives and keeps the
 * header true after every flush, so a crash leaves a file that opens. A file that cannot be read is a
 * {@link WavFormatException} naming it. Used by the recorder ({@link dev.voicelog.audio.record}), the audio
 * doctor ({@link dev.voicelog.audio.inspect}) and {@code voicelog audio}.
 */
package dev.voicelog.audio.wav;
