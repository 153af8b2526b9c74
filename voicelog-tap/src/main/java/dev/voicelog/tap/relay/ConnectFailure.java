package dev.voicelog.tap.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;

/**
 * How both relays word an upstream they could not reach: one line for the client's close reason, the
 * log's ERROR and the session's end, naming the address and what went wrong.
 */
final class ConnectFailure {
  private ConnectFailure() {}

  /** The upstream's host name does not resolve. */
  static String unresolved(String host) {
    return "upstream unreachable: cannot resolve " + host;
  }

  /** Connecting to {@code where} ({@code host:port}) failed with {@code e}. */
  static String describe(IOException e, String where) {
    if (e instanceof SocketTimeoutException) {
      return "upstream unreachable: connecting to " + where + " timed out";
    }
    if (e instanceof ConnectException) {
      return "upstream unreachable: connection to " + where + " refused";
    }
    if (e instanceof SSLException) {
      return "upstream TLS failed (" + where + "): " + e.getMessage();
    }
    return "upstream unreachable (" + where + "): " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
