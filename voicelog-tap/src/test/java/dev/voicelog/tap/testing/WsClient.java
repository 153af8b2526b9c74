package dev.voicelog.tap.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) for tests: collects what it receives and how it was closed. */
public final class WsClient implements AutoCloseable {
  /** Every message received, in order: String for text, byte[] for binary. */
  public final BlockingQueue<Object> received;
  /** "code reason" of the close the client received. */
  public final CompletableFuture<String> closed;
  public final WebSocket ws;

  private WsClient(WebSocket ws, BlockingQueue<Object> received, CompletableFuture<String> closed) {
    this.ws = ws;
    this.received = received;
    this.closed = closed;
  }

  public static WsClient connect(String url, Map<String, String> headers, String... subprotocols) {
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(b::header);
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    WebSocket ws = b.buildAsync(URI.create(url), new WebSocket.Listener() {
      StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          received.add(text.toString());
          text = new StringBuilder();
        }
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received.add(b);
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
        closed.complete(code + " " + reason);
        return null;
      }

      @Override
      public void onError(WebSocket w, Throwable error) {
        closed.complete("error " + error);
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
    return new WsClient(ws, received, closed);
  }

  /** The next message received, waiting up to 10 s. */
  public Object next() {
    try {
      Object o = received.poll(10, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("no message within 10 s");
      }
      return o;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public String nextText() {
    return (String) next();
  }

  public void send(String text) {
    ws.sendText(text, true).join();
  }

  public void sendBinary(byte[] data) {
    ws.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  public String awaitClose() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    ws.abort();
  }
}
