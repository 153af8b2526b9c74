/**
 * The {@code voicelog} command, one runnable jar (picocli). {@link Main} is the entry point and lists the
 * subcommands: {@code demo}, {@code summary}, {@code timeline}, {@code stats}, {@code tail}, {@code grep},
 * {@code report}, {@code serve}, {@code export otlp}, {@code audio} and {@code proxy}. The reading commands
 * analyse logs with voicelog-core and print text, JSON (docs/cli-json.md) or CSV; {@code report} and
 * {@code serve} hand over to voicelog-web, {@code export otlp} to voicelog-otel. {@link Cli} is how every
 * subcommand reports errors and sets its exit code, shared with {@link dev.voicelog.cli.audio} and
 * {@link dev.voicelog.cli.proxy}; nothing here is a library API.
 */
package dev.voicelog.cli;
