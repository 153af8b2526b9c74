/**
 * Measuring sample-rate converters: {@link ResamplerSweep} builds a stepped sine sweep, the converter under
 * test resamples it (ours, {@link dev.voicelog.audio.resample}, or sox), and the analysis reports the
 * passband ripple and the rejection of aliases and images ({@link ResamplerSweep.Result}). Used by the
 * resampler's tests and by voicelog-bench's {@code ResamplerBench} and {@code ResamplerQualityReport}; nothing
 * shipped depends on it.
 */
package dev.voicelog.audio.measure;
