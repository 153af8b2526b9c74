package dev.voicelog.cli.proxy;

import dev.voicelog.cli.Cli;
import dev.voicelog.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code voicelog proxy <tap>}: the wire taps, one subcommand each (realtime, twilio, audiosocket). */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run a logging proxy between an agent and its voice service.",
    subcommands = {ProxyRealtimeCommand.class, ProxyTwilioCommand.class, ProxyAudioSocketCommand.class})
public final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Cli.USAGE;
  }
}
