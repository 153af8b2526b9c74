package dev.voicelog.tap.realtime;

import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.RelayServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The OpenAI Realtime API tap: a WebSocket proxy any Realtime client can point its base URL at
 * ({@code ws://127.0.0.1:8765/v1}). It forwards everything unchanged and logs every event of both
 * directions into the {@link VoiceLog}, one session per client connection.
 *
 * <pre>{@code
 * VoiceLog log = VoiceLog.builder().directory(dir).build();
 * try (RealtimeProxy proxy = RealtimeProxy.builder().log(log).listen("127.0.0.1", 8765).start()) {
 *   ... // clients connect to ws://127.0.0.1:8765/v1/realtime?model=...
 * }
 * log.close();
 * }</pre>
 *
 * <p>The pipeline of each connection, outermost first: {@code LogInterceptor} (writes the line),
 * {@code SecretRedactionInterceptor}, {@code SpeechTimingInterceptor} (backdates the user's speech to when
 * its audio passed), {@code AudioInterceptor} (AUDIO_STATS, the input timeline, payloads cut),
 * {@code RecordingInterceptor} (the stereo recording, when asked for), {@code ConfigInterceptor} (the
 * session configuration in force). Each forwards first and works
 * afterwards, so logging adds nothing to a message's own latency. See docs/realtime-proxy.md.
 *
 * <p><b>Thread safety.</b> Thread-safe; {@link #close()} may be called from any thread.
 */
public final class RealtimeProxy implements AutoCloseable {
  /** Where clients usually want to go. */
  public static final URI DEFAULT_UPSTREAM = URI.create("wss://api.openai.com/v1/realtime");
  /** The default address: loopback only, since clients hand the proxy their API key. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8765;
  /**
   * Data fields of Realtime events that hold spoken or written conversation text, beyond the logger's
   * defaults (message, text, transcript): give them to {@code VoiceLogBuilder.redactField} with
   * {@code Redaction.TEXT} to keep the words out of the log.
   */
  public static final Set<String> CONVERSATION_TEXT_FIELDS = Set.of("delta", "transcript", "text", "arguments", "instructions");

  private final RelayServer server;

  private RealtimeProxy(Builder b) {
    boolean everyDelta = b.everyDelta;
    Path recordings = b.recordings;
    this.server = RelayServer.builder()
        .log(b.log)
        .upstream(b.upstream)
        .listen(b.host, b.port)
        .tap("realtime")
        .connectTimeout(b.connectTimeout)
        .interceptors(connection -> interceptors(connection, everyDelta, recordings))
        .start();
  }

  static List<Interceptor> interceptors(Connection connection, boolean everyDelta, Path recordings) {
    Session s = connection.session();
    long sessionStart = s.startNanoTime();
    RealtimeState state = new RealtimeState();
    List<Interceptor> chain = new ArrayList<>();
    chain.add(new LogInterceptor());
    chain.add(new SecretRedactionInterceptor());
    chain.add(new SpeechTimingInterceptor(state, sessionStart));
    chain.add(new AudioInterceptor(state, everyDelta));
    if (recordings != null) {
      chain.add(new RecordingInterceptor(state, recordings));
    }
    chain.add(new ConfigInterceptor(state));
    return chain;
  }

  /** A builder with the defaults above; {@link Builder#log} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Client connections being relayed now. */
  public int openConnections() {
    return server.openConnections();
  }

  /** Closes every connection (code 1001 both ways, sessions ended) and stops listening; the log stays open. */
  @Override
  public void close() {
    server.close();
  }

  /** Builds and starts a {@link RealtimeProxy}. Not thread-safe. */
  public static final class Builder {
    private VoiceLog log;
    private URI upstream = DEFAULT_UPSTREAM;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private boolean everyDelta;
    private Duration connectTimeout = RelayServer.DEFAULT_CONNECT_TIMEOUT;
    private Path recordings;

    private Builder() {}

    /**
     * Records every session in stereo (user left, model right) into {@code directory/<session id>.wav}
     * (default: no recording). The file is announced by the session's {@code RECORDING_SAVED} line.
     */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /** The log the sessions go to. Required. */
    public Builder log(VoiceLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** The Realtime endpoint (default {@link #DEFAULT_UPSTREAM}); clients' paths and queries are kept. */
    public Builder upstream(URI upstream) {
      this.upstream = Objects.requireNonNull(upstream, "upstream");
      return this;
    }

    /** Where to listen (default 127.0.0.1:8765; port 0 picks a free port). */
    public Builder listen(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Log every audio delta and append as a line, not only the first of each response (default false). */
    public Builder everyDelta(boolean every) {
      this.everyDelta = every;
      return this;
    }

    /** How long connecting upstream may take (default {@link RelayServer#DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /**
     * Starts listening; blocks until it does.
     *
     * @throws IllegalStateException without a log
     * @throws IllegalArgumentException for an upstream that is not ws:// or wss://, or a bad port
     * @throws RuntimeException when the address cannot be bound
     */
    public RealtimeProxy start() {
      if (log == null) {
        throw new IllegalStateException("log is required");
      }
      return new RealtimeProxy(this);
    }
  }
}
