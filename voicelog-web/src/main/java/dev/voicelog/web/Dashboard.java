package dev.voicelog.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.voicelog.WallClock;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.read.LogTail;
import dev.voicelog.read.Problem;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live dashboard: the report's views over a log directory as it is written, served by an embedded
 * Javalin (Jetty) server, with {@code /api/...} JSON endpoints (docs/web.md) and {@code /metrics} for
 * Prometheus.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.builder(Path.of("logs")).port(8080).start()) {
 *   d.awaitLoaded(Duration.ofMinutes(1));
 *   System.out.println("open " + d.url());
 *   ...
 * }
 * }</pre>
 *
 * <p><b>How it stays live.</b> One thread of its own polls the directory every {@link Builder#pollInterval}
 * with a {@link LogTail}, re-assembles the conversations that received lines ({@code LiveConversations}),
 * and pushes each changed conversation's row to the open pages over server-sent events; a page fetches a
 * conversation's detail when it shows it. A new conversation is on the pages within a poll interval plus a
 * few milliseconds of its first line.
 *
 * <p><b>Safety.</b> Binds {@value #DEFAULT_BIND} unless told otherwise; any other address requires a token,
 * and then every request must carry it (see {@code AccessGuard}). Pages are served with a strict
 * Content-Security-Policy ({@code Page.SERVED_POLICY}). Log strings are data: the page builds its DOM
 * with text nodes only. Recordings are served only by a validated file name that a {@code RECORDING_SAVED}
 * event named, from the log directory or its {@code recordings} subdirectory (see {@code Recordings}).
 *
 * <p>Thread-safe. {@link Builder#start} blocks until the server listens; {@link #close} stops it and its
 * thread.
 */
public final class Dashboard implements AutoCloseable {
  /** The address listened on, loopback only, unless {@link Builder#bind} says otherwise. */
  public static final String DEFAULT_BIND = "127.0.0.1";
  /** The port listened on unless {@link Builder#port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;
  /** How often the directory is polled for new lines, unless {@link Builder#pollInterval} says otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  /** More changes than this in one poll are announced as one "reload" rather than row by row. */
  static final int MAX_ROW_EVENTS = 200;
  static final Duration PING_INTERVAL = Duration.ofSeconds(15);

  private static final System.Logger LOG = System.getLogger("dev.voicelog.web");
  private static final String JSON = "application/json; charset=utf-8";

  private final Path directory;
  private final Path recordings;
  private final String title;
  private final AccessGuard guard;
  private final LogTail tail;
  private final DashboardMetrics metrics;
  private final LiveConversations live;
  private final LiveUpdates updates = new LiveUpdates();
  private final Views.Options views;
  private final ScheduledExecutorService liveThread;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final AtomicReference<Cached> distributions = new AtomicReference<>(new Cached(-1, null));
  private final LineExcerpts excerpts = new LineExcerpts();
  private final AtomicReference<Cached> list = new AtomicReference<>(new Cached(-1, null));
  private final Javalin server;
  private final String host;
  private long problemsAnnounced;
  private String lastFailure;

  private Dashboard(Builder b) throws IOException {
    this.directory = b.directory.toAbsolutePath().normalize();
    this.title = "voicelog · " + (directory.getFileName() == null ? directory : directory.getFileName());
    this.guard = new AccessGuard(b.token);
    this.tail = LogTail.create(directory);
    LiveConversations[] holder = new LiveConversations[1];
    this.metrics = new DashboardMetrics(() -> holder[0] == null ? 0 : holder[0].size(),
        () -> holder[0] == null ? 0 : holder[0].openCount(), updates::size);
    this.live = new LiveConversations(b.options, b.transcripts, metrics, b.wallClock);
    holder[0] = live;
    // A link only to a file that recording() will serve: the same rule, so no link answers 404.
    this.recordings = b.recordings;
    this.views = new Views.Options(b.transcripts, rec -> rec.logDirectory().equals(directory)
        && Recordings.resolve(directory, recordings, rec.name()) != null ? "api/recordings/" + rec.name() : null);
    this.host = b.bind;
    this.server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      // The list of 10,000 conversations is a few MB of JSON: the fastest gzip level shrinks it 10x for a
      // remote page and costs little on loopback.
      config.http.compressionStrategy = new CompressionStrategy(null, new Gzip(1), null);
      config.routes.before(this::guard);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(Page.served()));
      config.routes.get("/assets/app.js", ctx -> asset(ctx, Assets.INSTANCE.appJs, "text/javascript; charset=utf-8"));
      config.routes.get("/assets/app.css", ctx -> asset(ctx, Assets.INSTANCE.appCss, "text/css; charset=utf-8"));
      config.routes.get("/assets/chart.umd.min.js",
          ctx -> asset(ctx, Assets.INSTANCE.chartJs, "text/javascript; charset=utf-8"));
      config.routes.get("/api/overview", ctx -> json(ctx, this::overview));
      config.routes.get("/api/conversations", this::conversations);
      config.routes.get("/api/conversation", this::conversation);
      config.routes.get("/api/distributions", ctx -> ctx.contentType(JSON).result(distributions()));
      config.routes.get("/api/problems", ctx -> json(ctx, this::problems));
      config.routes.get("/api/recordings/{name}", this::recording);
      config.routes.sse("/api/events", client -> updates.add(client, "{\"version\":" + live.version() + "}"));
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.log(System.Logger.Level.WARNING, "voicelog dashboard: a request failed: " + e.getClass().getName());
        ctx.status(500).contentType("text/plain; charset=utf-8").result("internal error");
      });
    });
    this.liveThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "voicelog-dashboard-tail");
      t.setDaemon(true);
      return t;
    });
    try {
      server.start(b.bind, b.port);
    } catch (RuntimeException e) {
      liveThread.shutdownNow();
      throw new IOException("cannot listen on " + b.bind + ":" + b.port + ": " + rootMessage(e), e);
    }
    liveThread.scheduleWithFixedDelay(this::tick, 0, b.pollInterval.toNanos(), TimeUnit.NANOSECONDS);
    liveThread.scheduleWithFixedDelay(updates::ping, PING_INTERVAL.toMillis(), PING_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A dashboard of the logs in {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** Configures and starts a {@link Dashboard}. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private String bind = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private String token;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private AnalysisOptions options = AnalysisOptions.defaults();
    private boolean transcripts = true;
    private Path recordings;
    private WallClock wallClock = WallClock.SYSTEM;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The address to listen on (default {@value #DEFAULT_BIND}); anything but loopback needs a token. */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The port (default {@value #DEFAULT_PORT}; 0 picks a free one, see {@link Dashboard#port()}).
     *
     * @throws IllegalArgumentException outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The token every request must carry (header or query), or null for none. Required when binding other
     * than loopback; at least {@value AccessGuard#MIN_TOKEN_LENGTH} characters.
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** How often the directory is polled for new lines (default 250 ms). */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the poll interval must be positive: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** The analysis settings (slow threshold, stitch gap). */
    public Builder analysisOptions(AnalysisOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Whether the pages show transcripts (default true); false shows only their length. */
    public Builder transcripts(boolean show) {
      this.transcripts = show;
      return this;
    }

    /**
     * Another directory where the logs' recordings may be (a proxy's {@code --record DIR}), or null (the
     * default) for none: recordings are then looked for only beside the logs and in their
     * {@code recordings} subdirectory. A recording is served only when a log of the directory names it.
     */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /**
     * The clock that tells when a VoiceMode conversation can no longer be continued by its next
     * {@code converse()} session (the stitch gap has passed since its last line), so that /metrics counts its
     * last turn (default {@link WallClock#SYSTEM}; tests give their own).
     */
    public Builder wallClock(WallClock clock) {
      this.wallClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the server and the tail; the first poll (what is in the directory already) runs at once on the
     * dashboard's thread, see {@link Dashboard#awaitLoaded}.
     *
     * @throws IllegalArgumentException when binding other than loopback without a token, or with a token
     *     shorter than {@value AccessGuard#MIN_TOKEN_LENGTH} characters
     * @throws NoSuchFileException when the directory does not exist
     * @throws IOException when the address cannot be listened on (in use, not local)
     */
    public Dashboard start() throws IOException {
      if (token != null && token.length() < AccessGuard.MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(
            "the token must be at least " + AccessGuard.MIN_TOKEN_LENGTH + " characters long");
      }
      boolean loopback;
      try {
        loopback = AccessGuard.isLoopbackBind(bind);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("cannot resolve the bind address " + bind);
      }
      if (!loopback && token == null) {
        throw new IllegalArgumentException(
            "binding " + bind + " makes the dashboard reachable from other machines: give a --token");
      }
      return new Dashboard(this);
    }
  }

  /** The port listened on. */
  public int port() {
    return server.port();
  }

  /** The dashboard's address (without the token). */
  public URI url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if (host.equals("0.0.0.0") || host.equals("::")) {
      h = "127.0.0.1";
    }
    return URI.create("http://" + h + ":" + port() + "/");
  }

  /** Waits until what was in the directory at start has been read and assembled. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Polls now, on the dashboard's own thread, and returns once what was written before the call is read and
   * assembled: a test's step, where waiting for the next scheduled poll would mean guessing how long.
   */
  void pollNow() throws InterruptedException, ExecutionException {
    liveThread.submit(this::tick).get();
  }

  /** Conversations known now. */
  public int conversationCount() {
    return live.size();
  }

  /** Stops the server and the tail. */
  @Override
  public void close() {
    liveThread.shutdownNow();
    updates.close();
    server.stop();
    try {
      liveThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tail.close();
  }

  // ---- the tail thread

  private void tick() {
    try {
      int rounds = 0;
      do {
        tail.poll(live::accept, live::problem);
      } while (tail.behind() && ++rounds < 1024);
      LiveConversations.Changes changes = live.rebuild();
      publish(changes);
      lastFailure = null;
    } catch (IOException | RuntimeException e) {
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!msg.equals(lastFailure)) {
        lastFailure = msg; // said once, not every poll
        LOG.log(System.Logger.Level.WARNING, "voicelog dashboard: cannot follow " + directory + ": " + msg);
      }
    } finally {
      loaded.countDown();
    }
  }

  private void publish(LiveConversations.Changes changes) {
    if (changes.changed.size() > MAX_ROW_EVENTS) {
      updates.broadcast("reload", "{\"version\":" + live.version() + "}");
    } else {
      for (LiveConversations.Entry e : changes.changed) {
        updates.broadcast("conversation", e.summaryJson);
      }
      for (String id : changes.removed) {
        updates.broadcast("removed", Json.write(g -> g.writeString(id)));
      }
    }
    long problems = live.problems().total;
    if (problems != problemsAnnounced) {
      problemsAnnounced = problems;
      updates.broadcast("problems", "{\"count\":" + problems + "}");
    }
  }

  // ---- requests

  private void guard(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", Page.SERVED_POLICY);
    ctx.header("Cache-Control", "no-store");
    AccessGuard.Verdict v = guard.check(ctx.header("Authorization"), ctx.header("X-Voicelog-Token"),
        ctx.queryParam("token"), ctx.header("Host"));
    if (v != AccessGuard.Verdict.ALLOWED) {
      String why = switch (v) {
        case NO_TOKEN -> "this dashboard needs its token: add ?token=... to the address";
        case WRONG_TOKEN -> "wrong token";
        default -> "this dashboard answers only to localhost";
      };
      ctx.status(v == AccessGuard.Verdict.FOREIGN_HOST ? 403 : 401).contentType("text/plain; charset=utf-8")
          .result(why);
      ctx.skipRemainingHandlers();
    }
  }

  private static void asset(Context ctx, String body, String type) {
    ctx.contentType(type).result(body);
  }

  private static void json(Context ctx, Json.Writer w) {
    ctx.contentType(JSON).result(Json.write(w));
  }

  private void overview(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("mode", "live");
    g.writeStringField("title", title);
    g.writeArrayFieldStart("sources");
    g.writeString(directory.toString());
    g.writeEndArray();
    g.writeNumberField("version", live.version());
    g.writeBooleanField("loading", loaded.getCount() > 0);
    g.writeNumberField("conversations", live.size());
    g.writeNumberField("problems", live.problems().total);
    g.writeEndObject();
  }

  /** Every row, as one JSON document; built once per version however many pages ask. */
  private void conversations(Context ctx) {
    long version = live.version();
    Cached c = list.get();
    if (c.version != version) {
      c = new Cached(version, listJson(version));
      list.set(c);
    }
    ctx.contentType(JSON).result(c.json);
  }

  private String listJson(long version) {
    StringBuilder sb = new StringBuilder(64 + live.size() * 400);
    sb.append("{\"version\":").append(version).append(",\"conversations\":[");
    boolean first = true;
    for (LiveConversations.Entry e : live.entries()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.summaryJson);
    }
    sb.append("]}");
    return sb.toString();
  }

  private void conversation(Context ctx) {
    LiveConversations.Entry e = live.get(ctx.queryParam("id"));
    if (e == null) {
      ctx.status(404).contentType(JSON).result("{\"error\":\"no such conversation\"}");
      return;
    }
    json(ctx, g -> Views.detail(g, e.conversation, views));
  }

  private String distributions() {
    long version = live.version();
    Cached c = distributions.get();
    if (c.version != version) {
      List<Conversation> all = live.all();
      c = new Cached(version, Json.write(g -> Distributions.write(g, all, views.json)));
      distributions.set(c);
    }
    return c.json;
  }

  private void problems(JsonGenerator g) throws IOException {
    LiveConversations.ProblemsSnapshot read = live.problems();
    long total = read.total;
    Map<Problem.Kind, Long> kinds = new EnumMap<>(Problem.Kind.class);
    kinds.putAll(read.kinds);
    List<Problem> listed = new ArrayList<>(read.listed);
    for (Conversation c : live.all()) {
      for (Problem p : c.problems()) {
        total++;
        kinds.merge(p.kind(), 1L, Long::sum);
        if (listed.size() < HtmlReport.MAX_PROBLEMS_LISTED) {
          listed.add(p);
        }
      }
    }
    HtmlReport.problems(g, views.json, total, kinds, listed, excerpts.of(listed));
  }

  private void recording(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    Path file = live.isRecordingName(name) ? Recordings.resolve(directory, recordings, name) : null;
    if (file == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("no such recording");
      return;
    }
    RangeFile.send(ctx, file, "audio/wav");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static final class Cached {
    final long version;
    final String json;

    Cached(long version, String json) {
      this.version = version;
      this.json = json;
    }
  }
}
