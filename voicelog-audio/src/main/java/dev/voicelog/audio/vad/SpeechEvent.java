package dev.voicelog.audio.vad;

/**
 * A change the VAD reports. Positions are sample indices of the stream fed to the VAD (divide by the
 * sample rate for seconds). Immutable and thread-safe.
 *
 * @param start true for speech start, false for speech end
 * @param sample where it happened: the first sample of the first speech frame (start, backdated), or the
 *     sample after the last speech frame (end)
 * @param detectedAt the sample at which the VAD knew it (after {@code minSpeech}, or after {@code hangover});
 *     {@code detectedAt - sample} is what to pass to {@code EventBuilder.earlierBy}
 */
public record SpeechEvent(boolean start, long sample, long detectedAt) {}
