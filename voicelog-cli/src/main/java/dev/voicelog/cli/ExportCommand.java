package dev.voicelog.cli;

import picocli.CommandLine.Command;

/** {@code voicelog export}: logs sent elsewhere. */
@Command(
    name = "export",
    description = "Send logs elsewhere (an OpenTelemetry collector).",
    mixinStandardHelpOptions = true,
    subcommands = {ExportOtlpCommand.class})
final class ExportCommand {}
