package dev.voicelog.bench.realtime;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.RelayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A diagnostic beside {@link RealtimeProxyLatencyBenchmark}: how long a message spends inside the relay,
 * from the moment the relay has it whole ({@code Message.receivedNanos}) to the moment it is handed to the
 * other side's socket (what {@code Chain.proceed} returns), measured by an outermost interceptor. The rest
 * of the added latency is outside the relay's code: the extra loopback hop and the wake-up of the relay
 * thread that reads it. One session, 2,000 messages each way, one every 2 ms.
 *
 * <pre>
 * java -cp voicelog-bench/target/benchmarks.jar dev.voicelog.bench.realtime.InProxyTimeProbe
 * </pre>
 */
public final class InProxyTimeProbe {
  static final int MESSAGES = 2_000;

  private InProxyTimeProbe() {}

  public static void main(String[] args) throws Exception {
    OneWay up = new OneWay();
    OneWay down = new OneWay();
    Interceptor timing = new Interceptor() {
      @Override
      public void intercept(Chain chain) {
        long at = chain.proceed(chain.message());
        if (at != Chain.NOT_SENT) {
          (chain.message().direction() == Direction.CLIENT_TO_UPSTREAM ? up : down).record(at - chain.message().receivedNanos());
        }
      }
    };
    Path dir = Files.createTempDirectory("voicelog-probe-");
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    OneWay ignored = new OneWay();
    try (EchoUpstream upstream = new EchoUpstream(ignored, ignored);
         RelayServer relay = RelayServer.builder().log(log).upstream(URI.create("ws://127.0.0.1:" + upstream.port() + "/"))
             .interceptors(c -> List.of(timing)).start()) {
      LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + relay.port() + "/v1/realtime"), new WebSocket.Listener() {
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
          }).join();
      long next = System.nanoTime();
      for (int i = 0; i < MESSAGES; i++) {
        next += 2_000_000;
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        ws.sendText(StampedMessage.append().text(i / 50), true).join();
        received.take();
      }
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
    log.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
    System.out.println("inside the relay, client -> upstream: " + up.summary());
    System.out.println("inside the relay, upstream -> client: " + down.summary());
  }
}
