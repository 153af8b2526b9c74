package dev.voicelog.tap.call;

import dev.voicelog.audio.vad.EnergyVad;

/**
 * The VAD settings of a tap, for every stream of every call (each stream gets its own {@link EnergyVad} at
 * its own rate).
 *
 * @param thresholdDbfs the level at which a frame is speech
 * @param minSpeechMs speech shorter than this is ignored
 * @param hangoverMs silence shorter than this does not end speech
 */
record VadSettings(double thresholdDbfs, int minSpeechMs, int hangoverMs) {
  static final VadSettings DEFAULT = new VadSettings(EnergyVad.DEFAULT_THRESHOLD_DBFS, EnergyVad.DEFAULT_MIN_SPEECH_MS,
      EnergyVad.DEFAULT_HANGOVER_MS);

  EnergyVad create(int rate) {
    return EnergyVad.builder(rate).thresholdDbfs(thresholdDbfs).minSpeechMs(minSpeechMs).hangoverMs(hangoverMs).build();
  }
}
