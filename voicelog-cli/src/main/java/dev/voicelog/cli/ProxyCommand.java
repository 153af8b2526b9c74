package dev.voicelog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code voicelog proxy <tap>}: the wire taps, one subcommand each (realtime, twilio, audiosocket). */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run a logging proxy between an agent and its voice service.",
    subcommands = {ProxyRealtimeCommand.class, ProxyTwilioCommand.class, ProxyAudioSocketCommand.class})
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Cli.USAGE;
  }
}
