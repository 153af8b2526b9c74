package dev.voicelog.tap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of this JVM's established TCP sockets are in non-blocking mode, read from Linux's {@code /proc}:
 * {@code net/tcp} and {@code net/tcp6} name each socket's ports and inode, {@code fd} maps the inode to a
 * descriptor, and {@code fdinfo} gives the descriptor's flags ({@code O_NONBLOCK}).
 *
 * <p>Thread-safe (reads {@code /proc} each call). Throws {@link IllegalStateException} when {@code /proc}
 * cannot be read; check {@link #available()} first.
 */
public final class SocketModes {
  private static final int O_NONBLOCK = 04000;
  private static final int ESTABLISHED = 0x01;

  private SocketModes() {}

  /** Whether this system has the {@code /proc} files read here. */
  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/net/tcp6")) && Files.isDirectory(Path.of("/proc/self/fdinfo"));
  }

  /**
   * For each established socket of this JVM whose local port is {@code localPort} or whose remote port is
   * {@code remotePort}: whether it is non-blocking, keyed by {@code local->remote} ports.
   */
  public static Map<String, Boolean> nonBlocking(int localPort, int remotePort) {
    try {
      Map<Long, String> wanted = new HashMap<>();
      for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
        List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          int local = port(f[1]);
          int remote = port(f[2]);
          if (Integer.parseInt(f[3], 16) == ESTABLISHED && (local == localPort || remote == remotePort)) {
            wanted.put(Long.parseLong(f[9]), local + "->" + remote);
          }
        }
      }
      Map<String, Boolean> modes = new HashMap<>();
      Set<Long> found = new HashSet<>();
      List<Path> fds = new ArrayList<>();
      try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
        s.forEach(fds::add);
      }
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (!target.startsWith("socket:[")) {
          continue;
        }
        long inode = Long.parseLong(target.substring(8, target.length() - 1));
        String ports = wanted.get(inode);
        if (ports != null && found.add(inode)) {
          modes.put(ports, (flags(fd.getFileName().toString()) & O_NONBLOCK) != 0);
        }
      }
      return modes;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
  }

  private static int flags(String fd) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd))) {
      if (line.startsWith("flags:")) {
        return Integer.parseInt(line.substring(6).trim(), 8);
      }
    }
    throw new IOException("no flags in /proc/self/fdinfo/" + fd);
  }
}
