package dev.voicelog.cli.proxy;

import dev.voicelog.cli.Cli;
import dev.voicelog.tap.relay.Secrets;

/**
 * A {@code --listen} value (or another address option's): {@code HOST:PORT}, {@code [IPV6]:PORT} or just
 * {@code PORT} (loopback).
 *
 * @param host the host to bind
 * @param port the port, 0 to 65535
 */
record ListenAddress(String host, int port) {
  static final String LOOPBACK = "127.0.0.1";

  /**
   * A {@code HOST:PORT} given to {@code option}, its port {@code lowestPort} (0: any, the system picks one) to
   * 65535; a usage error naming the option, with {@code example} of a good value, when it is not one.
   */
  static ListenAddress parse(String value, String option, int lowestPort, String example) {
    String v = value.strip();
    String host = LOOPBACK;
    String port = v;
    int colon = v.lastIndexOf(':');
    if (colon >= 0) {
      host = v.substring(0, colon);
      port = v.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = LOOPBACK;
      }
    }
    if (v.contains("://") || host.chars().anyMatch(c -> c == '/' || c == '@' || c == '?' || c == '#' || Character.isWhitespace(c))) {
      throw new Cli.UserError(option + ": expected HOST:PORT (e.g. " + example + "), not a URL: got '" + Secrets.describeGiven(value) + "'");
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new Cli.UserError(option + ": expected HOST:PORT (e.g. " + example + "), got '" + Secrets.describeGiven(value) + "'");
    }
    if (p < lowestPort || p > 65_535) {
      throw new Cli.UserError(option + ": port must be " + lowestPort + " to 65535, got " + p);
    }
    return new ListenAddress(host, p);
  }

  /** The URL a WebSocket client uses, for the given path. */
  String url(int actualPort, String path) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "ws://" + h + ":" + actualPort + path;
  }
}
