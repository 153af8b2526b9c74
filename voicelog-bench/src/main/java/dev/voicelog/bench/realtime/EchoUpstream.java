package dev.voicelog.bench.realtime;

import io.javalin.Javalin;
import java.util.Base64;

/**
 * The peer of the proxy benchmark: a local WebSocket server that answers every
 * {@code input_audio_buffer.append} at once with a {@code response.output_audio.delta} of the same audio,
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
        (q != null && q.contains("route=proxy") ? proxied : direct).record(now - Messages.sentNanos(m));
        ctx.session.sendText(Messages.delta(Messages.audio(m), Messages.responseOf(m)), org.eclipse.jetty.websocket.api.Callback.NOOP);
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

  /** The messages of the benchmark: Realtime events with a send stamp. */
  static final class Messages {
    /** 20 ms of 24 kHz 16-bit audio, as a client streams it. */
    static final String CHUNK = Base64.getEncoder().encodeToString(new byte[960]);

    private Messages() {}

    static String append(int response) {
      return "{\"type\":\"input_audio_buffer.append\",\"event_id\":\"r" + response + "\",\"sent\":" + System.nanoTime()
          + ",\"audio\":\"" + CHUNK + "\"}";
    }

    static String delta(String audio, String response) {
      return "{\"type\":\"response.output_audio.delta\",\"response_id\":\"" + response + "\",\"item_id\":\"item_1\","
          + "\"output_index\":0,\"content_index\":0,\"sent\":" + System.nanoTime() + ",\"delta\":\"" + audio + "\"}";
    }

    static long sentNanos(String m) {
      int i = m.indexOf("\"sent\":") + 7;
      int j = m.indexOf(',', i);
      return Long.parseLong(m, i, j, 10);
    }

    static String audio(String m) {
      int i = m.indexOf("\"audio\":\"") + 9;
      return m.substring(i, m.indexOf('"', i));
    }

    static String responseOf(String m) {
      int i = m.indexOf("\"event_id\":\"") + 12;
      return m.substring(i, m.indexOf('"', i));
    }
  }
}
