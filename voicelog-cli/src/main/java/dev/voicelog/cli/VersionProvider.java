package dev.voicelog.cli;

import picocli.CommandLine.IVersionProvider;

/** The version {@code --version} prints: the jar's implementation version. Stateless; never fails. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"voicelog " + (v == null ? "(development build)" : v)};
  }
}
