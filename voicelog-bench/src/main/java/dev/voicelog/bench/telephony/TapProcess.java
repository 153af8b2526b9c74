package dev.voicelog.bench.telephony;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.audiosocket.AudioSocketTap;
import dev.voicelog.tap.twilio.TwilioTap;
import java.net.URI;
import java.nio.file.Path;

/**
 * A telephony tap in its own JVM, as it runs in production (so its CPU is its own, read from
 * {@code /proc}): {@code TapProcess twilio ws://HOST:PORT/PATH LOGDIR} or
 * {@code TapProcess audiosocket HOST:PORT LOGDIR}. It logs (and records) into LOGDIR, prints
 * {@code port N} once it listens, runs until its standard input ends, then prints
 * {@code written N dropped N recorder-dropped N} and exits.
 */
public final class TapProcess {
  private TapProcess() {}

  public static void main(String[] args) throws Exception {
    String tap = args[0];
    Path dir = Path.of(args[2]);
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    AutoCloseable server;
    int port;
    if (tap.equals("twilio")) {
      TwilioTap t = TwilioTap.builder().log(log).upstream(URI.create(args[1])).listen("127.0.0.1", 0)
          .recordings(dir.resolve("recordings")).start();
      server = t;
      port = t.port();
    } else {
      int colon = args[1].lastIndexOf(':');
      AudioSocketTap t = AudioSocketTap.builder().log(log).upstream(args[1].substring(0, colon), Integer.parseInt(args[1].substring(colon + 1)))
          .listen("127.0.0.1", 0).recordings(dir.resolve("recordings")).start();
      server = t;
      port = t.port();
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
