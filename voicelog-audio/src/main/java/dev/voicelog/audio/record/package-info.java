/**
 * The stereo call recorder: {@link CallRecorder} writes both sides of a call into one WAV file on the
 * session's clock (left the user, right the agent), placing user audio where it was captured (or by its
 * arrival: {@link ArrivalPlacement}) and agent audio where it is actually played ({@link AgentPlayout}), and
 * logs {@code RECORDING_SAVED} through the core {@link dev.voicelog.Session}. A {@link PlayoutListener} is
 * told when the agent's audio starts and stops playing; an {@link Interruption} says what a barge-in cut.
 * The audio methods never block: the file is written by the recorder's own thread.
 *
 * <p>Built on {@link dev.voicelog.audio.resample} and {@link dev.voicelog.audio.wav}. The taps (voicelog-tap)
 * record calls with it, and time playback with {@link AgentPlayout} and {@link ArrivalPlacement} even when
 * they do not record.
 */
package dev.voicelog.audio.record;
