/**
 * {@code voicelog audio} ({@link AudioCommand}): {@code convert} between raw formats and WAV (decode, resample,
 * encode), {@code tone} writes a known test tone, {@code inspect} runs voicelog-audio's audio doctor on a
 * file. The work is voicelog-audio's; this package reads the arguments and files and reports one-line errors
 * the way {@link dev.voicelog.cli.Cli} does for every command.
 */
package dev.voicelog.cli.audio;
