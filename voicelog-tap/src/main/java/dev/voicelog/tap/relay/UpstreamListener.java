package dev.voicelog.tap.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives the upstream's messages through the JDK client. Parts of a fragmented message are joined, so
 * interceptors always see whole messages. Demand is one message at a time, requested again only when the
 * previous one has been written to the client: a slow client slows the upstream through TCP instead of
 * filling the proxy's memory. Nothing is requested before the client's socket is open
 * ({@link ProxyConnection#clientOpened}).
 */
final class UpstreamListener implements WebSocket.Listener {
  private final ProxyConnection relay;
  private StringBuilder text;
  private ByteBuffer binary;

  UpstreamListener(ProxyConnection relay) {
    this.relay = relay;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    // no request(1) here: messages wait in the upstream's TCP window until the client is connected
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    if (!last) {
      if (text == null) {
        text = new StringBuilder(data.length() * 2);
      }
      text.append(data);
      ws.request(1);
      return null;
    }
    String whole = text == null ? data.toString() : text.append(data).toString();
    text = null;
    relay.fromUpstream(Message.text(Direction.UPSTREAM_TO_CLIENT, whole, relay.clock().nanoTime()), () -> ws.request(1));
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    ByteBuffer joined;
    if (binary == null) {
      joined = ByteBuffer.allocate(data.remaining()).put(data);
    } else {
      joined = ByteBuffer.allocate(binary.remaining() + data.remaining()).put(binary).put(data);
    }
    joined.flip();
    if (!last) {
      binary = joined;
      ws.request(1);
      return null;
    }
    binary = null;
    relay.fromUpstream(Message.binary(Direction.UPSTREAM_TO_CLIENT, joined, relay.clock().nanoTime()), () -> ws.request(1));
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    relay.upstreamClosed(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    relay.upstreamFailed(error);
  }
}
