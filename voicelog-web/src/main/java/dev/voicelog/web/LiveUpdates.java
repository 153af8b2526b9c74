package dev.voicelog.web;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The pages following the dashboard live, over server-sent events ({@code GET /api/events}). Messages are
 * sent by one thread of its own, so the tail never waits for a slow page; a page that went away is dropped
 * at the next message. Thread-safe.
 */
final class LiveUpdates implements AutoCloseable {
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "voicelog-dashboard-events");
    t.setDaemon(true);
    return t;
  });

  /** Keeps the request open and sends {@code hello} with the current version. */
  void add(SseClient client, String hello) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    send(() -> client.sendEvent("hello", hello));
  }

  /** Sends one event to every page. */
  void broadcast(String event, String data) {
    send(() -> {
      for (SseClient c : clients) {
        if (!c.terminated()) {
          c.sendEvent(event, data);
        }
      }
    });
  }

  /** A comment to every page, which also finds the ones that went away. */
  void ping() {
    send(() -> {
      for (SseClient c : clients) {
        if (!c.terminated()) {
          c.sendComment("ping");
        }
      }
    });
  }

  int size() {
    return clients.size();
  }

  private void send(Runnable r) {
    try {
      sender.execute(r);
    } catch (RejectedExecutionException closed) {
      // shutting down
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    for (SseClient c : clients) {
      c.close();
    }
    clients.clear();
    try {
      sender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
