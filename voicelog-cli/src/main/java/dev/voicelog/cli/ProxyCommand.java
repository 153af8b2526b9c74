package dev.voicelog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code voicelog proxy <tap>}: the wire taps. Each tap is a subcommand (realtime; twilio and audiosocket to come). */
@Command(name = "proxy", description = "Run a logging proxy between an agent and its voice service.",
    subcommands = {ProxyRealtimeCommand.class})
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Cli.USAGE;
  }
}
