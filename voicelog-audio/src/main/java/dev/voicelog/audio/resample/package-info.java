/**
 * Sample-rate conversion: {@link Resampler}, a streaming windowed-sinc polyphase converter between any two
 * integer rates, of the quality of {@code sox rate -h} (passband flat to 0.01 dB, at least 100 dB of
 * rejection), with its filter delay compensated and an output that does not depend on how the input is
 * chunked. One instance per stream; filter designs are cached and shared. Used by the recorder
 * ({@link dev.voicelog.audio.record}) and {@code voicelog audio convert}; measured by
 * {@link dev.voicelog.audio.measure}.
 */
package dev.voicelog.audio.resample;
