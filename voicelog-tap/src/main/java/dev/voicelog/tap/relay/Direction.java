package dev.voicelog.tap.relay;

/** Which way a message travels through a relay. Immutable and thread-safe. */
public enum Direction {
  /** From the client (the agent) to the upstream service. */
  CLIENT_TO_UPSTREAM("client_to_server"),
  /** From the upstream service back to the client. */
  UPSTREAM_TO_CLIENT("server_to_client");

  private final String label;

  Direction(String label) {
    this.label = label;
  }

  /** The value written as {@code "direction"} in a log line's data. */
  public String label() {
    return label;
  }
}
