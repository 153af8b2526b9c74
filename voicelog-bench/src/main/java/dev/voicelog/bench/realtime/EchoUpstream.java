package dev.voicelog.bench.realtime;

import io.javalin.Javalin;

/**
 * The peer of the proxy benchmark: a local WebSocket server that answers every
 * {@code input_audio_buffer.append} at once with a {@code response.output_audio.delta} of the same 20 ms of audio ({@link StampedMessage}),
 * as the Realtime API streams audio back. It records the client-to-server one-way time of each message
 * (the sender stamps {@code System.nanoTime()} into it; everything runs in one JVM, so one clock) and
 * stamps its answer the same way.
 */
final class EchoUpstream implements AutoCloseable {
  private final Javalin app;

  /** Records client-to-server times into {@code direct} or {@code proxied}, by the route the query names. */
  EchoUpstream(OneWay direct, OneWay proxied) {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.ws("*", ws -> ws.onMessage(ctx -> {
        long now = System.nanoTime();
        String m = ctx.message();
        String q = ctx.queryString();
        (q != null && q.contains("route=proxy") ? proxied : direct).record(now - StampedMessage.sentNanos(m));
        ctx.session.sendText(StampedMessage.delta().text(StampedMessage.responseOf(m)), org.eclipse.jetty.websocket.api.Callback.NOOP);
      }));
    });
    app.start("127.0.0.1", 0);
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
