/**
 * Shared machinery of the telephony taps; <b>not API</b>. Public only so that the Twilio and AudioSocket taps
 * ({@link dev.voicelog.tap.twilio}, {@link dev.voicelog.tap.audiosocket}) and the {@code voicelog proxy} command
 * can use it: it may change without notice. {@link CallAudio} turns one call's audio on the wire into canonical
 * events (the caller's speech by VAD, the agent's playback by voicelog-audio's playout model, interruptions,
 * the recording); {@link CallInterceptor} feeds it in the order every tap handles messages; {@link Diagnostics}
 * logs the {@link Diagnostic}s of a silent or broken call; {@link CallConsole} prints calls as they happen.
 */
package dev.voicelog.tap.call;
