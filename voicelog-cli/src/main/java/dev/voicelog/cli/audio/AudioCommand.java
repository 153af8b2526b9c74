package dev.voicelog.cli.audio;

import picocli.CommandLine.Command;

/** {@code voicelog audio}: the audio doctor's commands. */
@Command(
    name = "audio",
    description = "Convert, generate and inspect audio (G.711, PCM16, WAV; any rate).",
    mixinStandardHelpOptions = true,
    subcommands = {AudioConvertCommand.class, AudioToneCommand.class, AudioInspectCommand.class})
public final class AudioCommand {}
