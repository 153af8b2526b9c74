package dev.voicelog.tap.relay;

import java.time.Duration;
import java.util.Objects;

/** The checks the relays' builders share, with one wording for their errors. */
final class Settings {
  private Settings() {}

  /** A duration that must be positive; throws {@link IllegalArgumentException} naming the setting. */
  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /** A port to listen on: 0 (any free port) to 65535. */
  static int listenPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    return port;
  }
}
