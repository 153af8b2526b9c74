package dev.voicelog.bench.tapprocess;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.audiosocket.AudioSocketTap;
import dev.voicelog.tap.realtime.RealtimeProxy;
import dev.voicelog.tap.relay.RelayServer;
import dev.voicelog.tap.relay.TcpRelayServer;
import dev.voicelog.tap.twilio.TwilioTap;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A tap in its own JVM, as it runs in production (so its CPU, its garbage collector and its JIT are its
 * own, and its CPU time can be read from {@code /proc}): {@code TapProcess twilio ws://HOST:PORT/PATH LOGDIR},
 * {@code TapProcess audiosocket HOST:PORT LOGDIR}, {@code TapProcess realtime ws://HOST:PORT/PATH LOGDIR}
 * (or {@code realtime-every-delta}); or, for the baseline, the bare relay each is built on with no
 * interceptor ({@code ws-relay}, {@code tcp-relay}): what relaying alone costs. It logs (and records) into LOGDIR, prints
 * {@code port N} once it listens, runs until its standard input ends, then prints
 * {@code written N dropped N recorder-dropped N} and exits.
 */
public final class TapProcess {
  private TapProcess() {}

  private static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  public static void main(String[] args) throws Exception {
    String tap = args[0];
    Path dir = Path.of(args[2]);
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    AutoCloseable server;
    int port;
    switch (tap) {
      case "twilio" -> {
        TwilioTap t = TwilioTap.builder().log(log).upstream(URI.create(args[1])).listen("127.0.0.1", 0)
            .recordings(dir.resolve("recordings")).start();
        server = t;
        port = t.port();
      }
      case "realtime", "realtime-every-delta" -> {
        RealtimeProxy r = RealtimeProxy.builder().log(log).upstream(URI.create(args[1])).listen("127.0.0.1", 0)
            .everyDelta(tap.equals("realtime-every-delta")).start();
        server = r;
        port = r.port();
      }
      case "ws-relay" -> {
        RelayServer r = RelayServer.builder().log(log).upstream(URI.create(args[1])).listen("127.0.0.1", 0).tap("ws-relay")
            .interceptors(c -> List.of()).start();
        server = r;
        port = r.port();
      }
      case "audiosocket" -> {
        AudioSocketTap t = AudioSocketTap.builder().log(log).upstream(host(args[1]), port(args[1])).listen("127.0.0.1", 0)
            .recordings(dir.resolve("recordings")).start();
        server = t;
        port = t.port();
      }
      case "tcp-relay" -> {
        TcpRelayServer r = TcpRelayServer.builder().log(log).upstream(host(args[1]), port(args[1])).listen("127.0.0.1", 0)
            .tap("tcp-relay").interceptors(c -> List.of()).start();
        server = r;
        port = r.port();
      }
      case "select-copy" -> {
        SelectorCopyRelay r = new SelectorCopyRelay(host(args[1]), port(args[1]));
        server = r;
        port = r.port();
      }
      default -> throw new IllegalArgumentException("unknown tap " + tap + ": twilio, audiosocket, realtime, realtime-every-delta, ws-relay, tcp-relay or select-copy");
    }
    System.out.println("port " + port);
    System.out.flush();
    while (System.in.read() >= 0) {
      // runs until the benchmark closes our input
    }
    server.close();
    log.close();
    System.out.println("written " + log.writtenEvents() + " dropped " + log.droppedEvents());
    System.out.flush();
  }
}
