package dev.voicelog.bench.realtime;

import java.net.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.function.ToLongFunction;

/**
 * A JDK WebSocket listener for the benchmarks' clients: each whole text message is timed as it arrives
 * (now minus the send stamp {@code sentOf} reads from it, recorded in {@code down}, on the client's own
 * thread) and then queued for the session that waits for it.
 *
 * <p>One listener per WebSocket (the JDK calls it from one thread at a time). Throws what {@code sentOf}
 * throws on a message without a stamp.
 */
public final class TimedListener implements WebSocket.Listener {
  private final OneWay down;
  private final ToLongFunction<String> sentOf;
  private final Queue<String> received;
  private StringBuilder text = new StringBuilder();

  public TimedListener(OneWay down, ToLongFunction<String> sentOf, Queue<String> received) {
    this.down = down;
    this.sentOf = sentOf;
    this.received = received;
  }

  @Override
  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String m = text.toString();
      text = new StringBuilder();
      down.record(System.nanoTime() - sentOf.applyAsLong(m));
      received.add(m);
    }
    w.request(1);
    return null;
  }
}
