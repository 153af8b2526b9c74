package dev.voicelog.bench.telephony;

import dev.voicelog.bench.realtime.AcceptLoop;
import dev.voicelog.bench.realtime.OneWay;
import dev.voicelog.bench.realtime.RawWebSocket;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The agents of the telephony benchmark: each answers every caller frame at once with a frame of its own
 * (so one operation is one frame each way), and records the carrier-to-agent one-way time of each frame in
 * the route's {@link OneWay}: the Twilio route by the query the tap relays ({@code route=tap}), the
 * AudioSocket route by the first byte of the call's UUID.
 */
final class EchoAgents {
  private EchoAgents() {}

  /** A Twilio Media Streams agent: where calls connect, and its end. */
  interface TwilioAgent extends AutoCloseable {
    String url();

    @Override
    void close() throws IOException;
  }

  /** Whether a Twilio message is media (the only kind the agents answer). */
  private static boolean isMedia(String m) {
    return m.contains("\"event\":\"media\"");
  }

  /** A Twilio Media Streams agent on a Javalin WebSocket server (Jetty's threads hand each message on). */
  static final class Twilio implements TwilioAgent {
    private final Javalin app;

    Twilio(OneWay direct, OneWay tapped) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
      app = Javalin.create(cfg -> {
        cfg.startup.showJavalinBanner = false;
        cfg.routes.ws("*", ws -> ws.onMessage(ctx -> {
          String m = ctx.message();
          if (!isMedia(m)) {
            return;
          }
          long now = System.nanoTime();
          String q = ctx.queryString();
          (q != null && q.contains("route=tap") ? tapped : direct).record(now - Stamps.sentOf(m));
          ctx.session.sendText(Stamps.twilioReply(Stamps.sidOf(m)), org.eclipse.jetty.websocket.api.Callback.NOOP);
        }));
      });
      app.start("127.0.0.1", 0);
    }

    @Override
    public String url() {
      return "ws://127.0.0.1:" + app.port() + "/media";
    }

    @Override
    public void close() {
      app.stop();
    }
  }

  /**
   * The same agent on {@link RawWebSocket}: one blocking thread per call reads a message and answers it
   * itself, adding no hand-off of its own.
   */
  static final class RawTwilio implements TwilioAgent {
    private final ServerSocket server;

    RawTwilio(OneWay direct, OneWay tapped) throws IOException {
      server = new ServerSocket(0, 512, InetAddress.getByName("127.0.0.1"));
      AcceptLoop.start(server, "bench-twilio-agent", s -> serve(s, direct, tapped));
    }

    @Override
    public String url() {
      return "ws://127.0.0.1:" + server.getLocalPort() + "/media";
    }

    private static void serve(Socket s, OneWay direct, OneWay tapped) {
      String[] target = new String[1];
      try (RawWebSocket ws = RawWebSocket.accept(s, target)) {
        OneWay route = target[0].contains("route=tap") ? tapped : direct;
        for (String m = ws.receive(); m != null; m = ws.receive()) {
          if (isMedia(m)) {
            route.record(System.nanoTime() - Stamps.sentOf(m));
            ws.send(Stamps.twilioReply(Stamps.sidOf(m)));
          }
        }
      } catch (IOException e) {
        // the call ended
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** An AudioSocket agent on a TCP server, a thread per call. */
  static final class AudioSocket implements AutoCloseable {
    private final ServerSocket server;

    AudioSocket(OneWay direct, OneWay tapped) throws IOException {
      server = new ServerSocket(0, 512, InetAddress.getByName("127.0.0.1"));
      AcceptLoop.start(server, "bench-audiosocket-agent", s -> serve(s, direct, tapped));
    }

    int port() {
      return server.getLocalPort();
    }

    private static void serve(Socket s, OneWay direct, OneWay tapped) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        OneWay route = direct;
        byte[] frame = new byte[3 + 320];
        while (true) {
          if (in.readNBytes(frame, 0, 3) < 3) {
            return;
          }
          int length = ((frame[1] & 0xff) << 8) | (frame[2] & 0xff);
          if (in.readNBytes(frame, 3, length) < length) {
            return;
          }
          if (frame[0] == 0x01) {
            route = frame[3] == 1 ? tapped : direct;
          } else if (frame[0] == 0x10) {
            route.record(System.nanoTime() - Stamps.stampOf(frame));
            out.write(Stamps.audioFrame());
          }
        }
      } catch (IOException e) {
        // the call ended
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
