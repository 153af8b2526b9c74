package dev.voicelog.tap.testing;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real WebSocket server on 127.0.0.1 for tests: it plays the upstream. It records every handshake,
 * selects a subprotocol by a rule, and hands every message to a script that can answer through the peer.
 */
public final class WsServer implements AutoCloseable {
  /** One client's handshake as the server saw it. */
  public record Handshake(String path, String query, Map<String, List<String>> headers, List<String> subprotocols) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** One connected client, as the script sees it. */
  public static final class Peer {
    final WsContext ctx;
    public final Handshake handshake;
    public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    Peer(WsContext ctx, Handshake handshake) {
      this.ctx = ctx;
      this.handshake = handshake;
    }

    /** Sends a text message and waits until it is written. */
    public void send(String text) {
      var done = new java.util.concurrent.CompletableFuture<Void>();
      ctx.session.sendText(text, org.eclipse.jetty.websocket.api.Callback.from(() -> done.complete(null), done::completeExceptionally));
      done.join();
    }

    public void sendBinary(byte[] data) {
      var done = new java.util.concurrent.CompletableFuture<Void>();
      ctx.session.sendBinary(ByteBuffer.wrap(data), org.eclipse.jetty.websocket.api.Callback.from(() -> done.complete(null), done::completeExceptionally));
      done.join();
    }

    public void close(int code, String reason) {
      ctx.closeSession(code, reason);
    }

    /** Drops the TCP connection without a close frame. */
    public void disconnect() {
      ctx.session.disconnect();
    }
  }

  public final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
  public final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
  /** Close code and reason of each client close the server saw, as "code reason". */
  public final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
  private final Javalin app;
  private volatile Function<List<String>, String> subprotocolRule = offered -> offered.isEmpty() ? null : offered.get(0);
  private volatile BiConsumer<Peer, String> onText = (peer, text) -> {};
  private volatile Consumer<Peer> onConnect = peer -> {};
  private final Map<WsContext, Peer> byContext = new java.util.concurrent.ConcurrentHashMap<>();

  public WsServer() {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.modifyWebSocketServletFactory(f -> f.setMaxTextMessageSize(16 << 20));
      cfg.routes.wsBeforeUpgrade(ctx -> {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String n : Collections.list(ctx.req().getHeaderNames())) {
          headers.put(n, Collections.list(ctx.req().getHeaders(n)));
        }
        List<String> offered = new ArrayList<>();
        for (String h : headers.getOrDefault("Sec-WebSocket-Protocol", List.of())) {
          for (String p : h.split(",")) {
            if (!p.isBlank()) {
              offered.add(p.strip());
            }
          }
        }
        Handshake hs = new Handshake(ctx.req().getRequestURI(), ctx.req().getQueryString(), headers, offered);
        handshakes.add(hs);
        ctx.res().setHeader("Sec-WebSocket-Protocol", subprotocolRule.apply(offered));
        ctx.attribute("handshake", hs);
      });
      cfg.routes.ws("*", ws -> {
        ws.onConnect(ctx -> {
          Peer p = new Peer(ctx, ctx.attribute("handshake"));
          byContext.put(ctx, p);
          peers.add(p);
          onConnect.accept(p);
        });
        ws.onMessage(ctx -> {
          Peer p = byContext.get(ctx);
          p.received.add(ctx.message());
          onText.accept(p, ctx.message());
        });
        ws.onBinaryMessage(ctx -> {
          Peer p = byContext.get(ctx);
          byte[] b = new byte[ctx.data().remaining()];
          ctx.data().get(b);
          p.received.add(b);
        });
        ws.onClose(ctx -> closes.add(ctx.status() + " " + ctx.reason()));
      });
    });
    app.start("127.0.0.1", 0);
  }

  public int port() {
    return app.port();
  }

  public String url(String path) {
    return "ws://127.0.0.1:" + port() + path;
  }

  public WsServer subprotocols(Function<List<String>, String> rule) {
    this.subprotocolRule = rule;
    return this;
  }

  public WsServer onText(BiConsumer<Peer, String> script) {
    this.onText = script;
    return this;
  }

  public WsServer onConnect(Consumer<Peer> script) {
    this.onConnect = script;
    return this;
  }

  @Override
  public void close() {
    app.stop();
  }
}
