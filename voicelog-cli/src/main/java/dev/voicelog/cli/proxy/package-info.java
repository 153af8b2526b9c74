/**
 * {@code voicelog proxy} ({@link ProxyCommand}): runs one of voicelog-tap's taps ({@code realtime},
 * {@code twilio}, {@code audiosocket}) in the foreground, with its log, its recordings and a console of what
 * happens, until Ctrl-C or SIGTERM; then closes the tap and the log, so every event is on disk. The options
 * every tap shares are {@code TapOptions}, the run and its orderly end {@code TapRunner}.
 */
package dev.voicelog.cli.proxy;
