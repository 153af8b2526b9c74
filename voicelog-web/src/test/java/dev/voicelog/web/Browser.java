package dev.voicelog.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the page tests: runs src/test/js/browser-driver.cjs (playwright-core from
 * .ci/npm/web-tests driving Debian's /usr/bin/chromium) and talks to it one JSON line at a time. Not
 * thread-safe: one test thread.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VOICELOG_CHROMIUM", "/usr/bin/chromium"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private int next = 1;

  /** What the page did that a test checks: dialogs (a fired XSS probe), errors, CSP violations. */
  record Seen(List<String> dialogs, List<String> errors, List<String> csp) {}

  private Browser(Process process) {
    this.process = process;
    this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          answers.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "browser-driver-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts Chromium; fails with what to install when it or playwright-core is missing. */
  static Browser start() throws IOException {
    Path root = repositoryRoot();
    Path modules = root.resolve(".ci/npm/web-tests/node_modules");
    if (!Files.isDirectory(modules.resolve("playwright-core"))) {
      throw new IllegalStateException("playwright-core is missing: run `npm ci` in " + root.resolve(".ci/npm/web-tests")
          + " (.ci/run does)");
    }
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium (listed in .ci/apt-packages)");
    }
    Path script = root.resolve("voicelog-web/src/test/js/browser-driver.cjs");
    Path log = root.resolve("voicelog-web/target/browser-driver.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("NODE_PATH", modules.toString());
    pb.environment().put("VOICELOG_CHROMIUM", CHROMIUM.toString());
    Browser b = new Browser(pb.start());
    JsonNode ready = b.answer(0);
    if (!ready.path("ok").asBoolean()) {
      b.process.destroyForcibly();
      throw new IllegalStateException("the browser did not start: " + ready.path("error").asText() + " (see " + log + ")");
    }
    return b;
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(".ci"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (the folder with .ci) above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** Sends a command and returns its value; throws AssertionError with the driver's message when it failed. */
  JsonNode call(String cmd, Object... fields) {
    ObjectNode c = JSON.createObjectNode();
    int id = next++;
    c.put("id", id);
    c.put("cmd", cmd);
    for (int i = 0; i < fields.length; i += 2) {
      c.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    try {
      in.write(c + "\n");
      in.flush();
    } catch (IOException e) {
      throw new AssertionError("the browser driver is gone: " + e.getMessage(), e);
    }
    JsonNode a = answer(id);
    if (!a.path("ok").asBoolean()) {
      throw new AssertionError(cmd + " failed in the browser: " + a.path("error").asText());
    }
    return a.path("value");
  }

  private JsonNode answer(int id) {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    try {
      while (true) {
        String line = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("the browser driver did not answer within " + ANSWER_TIMEOUT);
        }
        JsonNode a = JSON.readTree(line);
        if (a.path("id").asInt(-2) == id) {
          return a;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    } catch (IOException e) {
      throw new AssertionError("the browser driver wrote something that is not JSON: " + e.getMessage());
    }
  }

  void open(String url) {
    call("goto", "url", url);
  }

  void click(String selector) {
    call("click", "selector", selector);
  }

  void fill(String selector, String value) {
    call("fill", "selector", selector, "value", value);
  }

  void waitFor(String selector) {
    call("waitFor", "selector", selector);
  }

  void waitFor(String selector, Duration timeout) {
    call("waitFor", "selector", selector, "timeout", timeout.toMillis());
  }

  /** Waits until the expression is truthy in the page and returns its value. */
  JsonNode waitUntil(String expression, Duration timeout) {
    return call("waitForFunction", "expression", expression, "timeout", timeout.toMillis());
  }

  JsonNode eval(String expression) {
    return call("eval", "expression", expression);
  }

  String text(String selector) {
    return eval("(() => { const e = document.querySelector(" + JSON.valueToTree(selector) + "); return e ? e.textContent : null; })()").asText(null);
  }

  int count(String selector) {
    return eval("document.querySelectorAll(" + JSON.valueToTree(selector) + ").length").asInt();
  }

  /** A screenshot kept as a test artifact under target/screenshots. */
  Path screenshot(String name) {
    Path p = repositoryRoot().resolve("voicelog-web/target/screenshots").resolve(name + ".png");
    call("screenshot", "path", p.toString(), "fullPage", true);
    return p;
  }

  void viewport(int width, int height) {
    call("viewport", "width", width, "height", height);
  }

  Seen seen() {
    JsonNode v = call("seen");
    return new Seen(strings(v.path("dialogs")), strings(v.path("errors")), strings(v.path("csp")));
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public void close() {
    try {
      call("close");
    } catch (AssertionError e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
