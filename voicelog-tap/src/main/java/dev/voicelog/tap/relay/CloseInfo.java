package dev.voicelog.tap.relay;

/**
 * How a relayed connection ended. Immutable and thread-safe.
 *
 * @param closedBy who ended it: {@code "client"}, {@code "upstream"} or {@code "proxy"} (shut down, or the
 *     upstream could not be reached)
 * @param code the WebSocket close code the closing side gave (1006 when the connection was lost); 0 from a TCP
 *     relay, which has none
 * @param reason the close reason, secrets removed; never null
 */
public record CloseInfo(String closedBy, int code, String reason) {
  /** Who ended it: the client. */
  public static final String CLIENT = "client";
  /** Who ended it: the upstream service. */
  public static final String UPSTREAM = "upstream";
  /** Who ended it: the proxy itself. */
  public static final String PROXY = "proxy";
}
