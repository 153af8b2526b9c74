/**
 * voicelog-audio against its peers (BENCHMARKS.md, "Audio"): the G.711 codecs against the JDK's javax.sound
 * conversion, in samples per nanosecond ({@link CodecBench}); the resampler against {@code sox -D rate -h} on
 * the same input, in time per output sample ({@link ResamplerBench}) and in quality, passband ripple and
 * rejection on the same sweep ({@link ResamplerQualityReport}).
 */
package dev.voicelog.bench.audio;
