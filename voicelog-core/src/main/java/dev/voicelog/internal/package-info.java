/**
 * Shared machinery of voicelog's own modules; <b>not API</b>. Public only so that voicelog's other packages and
 * modules (the logger, voicelog-audio's WAV writer and recorder, the command) can use it: it may change or
 * disappear in any release, without notice. {@link OwnerOnly} creates the directories and files that hold
 * people's speech readable by their owner only.
 */
package dev.voicelog.internal;
