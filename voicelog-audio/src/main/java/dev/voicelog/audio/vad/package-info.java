/**
 * Voice-activity detection: {@link EnergyVad}, an energy detector that reports each {@link SpeechEvent} with
 * the sample where speech really started (backdated past its minimum speech) or ended (before its hangover),
 * and the sample at which it knew. One instance per stream; depends on nothing. The telephony taps
 * (voicelog-tap) run it on both sides of a call, for {@code USER_SPEECH_START}/{@code _END} and to judge the
 * agent's playbacks.
 */
package dev.voicelog.audio.vad;
