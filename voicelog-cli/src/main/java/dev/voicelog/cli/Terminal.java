package dev.voicelog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard output or standard error is an interactive terminal. Java 17 can only say that stdin
 * and stdout both are ({@link System#console()}); on Linux the descriptor's link in /proc says it for
 * each one, so {@code voicelog stats big.jsonl | jq} still shows its progress bar on the terminal.
 */
final class Terminal {
  private Terminal() {}

  static boolean stdout() {
    return isTerminal(1);
  }

  static boolean stderr() {
    return isTerminal(2);
  }

  private static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isSymbolicLink(link)) {
      try {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | SecurityException e) {
        return System.console() != null;
      }
    }
    return System.console() != null;
  }
}
