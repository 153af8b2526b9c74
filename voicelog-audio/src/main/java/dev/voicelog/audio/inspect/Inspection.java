package dev.voicelog.audio.inspect;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import java.util.List;

/**
 * What the audio doctor found in a file. Levels are dBFS (0 = full scale); {@code -Infinity} is digital
 * silence. Immutable.
 *
 * @param declared the format the caller declared (or the WAV header said), or null for a raw file of unknown format
 * @param encoding the encoding the bytes most likely are
 * @param guesses every encoding tried, best first, with its evidence
 * @param sampleRate the rate used for the measurements (declared, else the likeliest)
 * @param rateEvidence why that rate, or what the content says about it
 * @param plausibleRates standard rates at which the content's speech pitch is plausible (empty when no speech pitch was found)
 * @param pitchHz median speech pitch at {@code sampleRate}, or NaN when none was found
 * @param bandwidthHz frequency below which 99.9 % of the energy lies, at {@code sampleRate}
 * @param seconds duration at {@code sampleRate}
 * @param peakDbfs highest sample level
 * @param rmsDbfs average level
 * @param dcOffset mean sample value over full scale (-1 to 1)
 * @param clippedSamples samples at the largest value the encoding can hold, in runs of at least two
 * @param silenceRatio fraction of 20 ms frames below -60 dBFS
 * @param problems the mistakes found, in words, most serious first (empty when none)
 */
public record Inspection(
    AudioFormat declared,
    Encoding encoding,
    List<EncodingGuess> guesses,
    int sampleRate,
    String rateEvidence,
    List<Integer> plausibleRates,
    double pitchHz,
    double bandwidthHz,
    double seconds,
    double peakDbfs,
    double rmsDbfs,
    double dcOffset,
    long clippedSamples,
    double silenceRatio,
    List<String> problems) {}
