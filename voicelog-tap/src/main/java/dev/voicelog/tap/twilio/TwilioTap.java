package dev.voicelog.tap.twilio;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.call.CallAudio;
import dev.voicelog.tap.call.CallInterceptor;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.RelayServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Twilio Media Streams tap: a WebSocket relay that Twilio's {@code <Stream url>} points at instead of the
 * agent. It connects to the agent with the same path and query, relays every message both ways unchanged,
 * and logs the call into the {@link VoiceLog}, one session per stream: the stream's messages
 * ({@code twilio.start}, {@code twilio.dtmf}, {@code twilio.mark}, ...), the caller's and the agent's
 * speech and playback as canonical events (so {@code voicelog summary} shows each turn's voice_to_voice and
 * interruptions), the diagnostics of a silent call, and a stereo recording.
 *
 * <pre>{@code
 * VoiceLog log = VoiceLog.builder().directory(dir).build();
 * try (TwilioTap tap = TwilioTap.builder().log(log).upstream(URI.create("ws://127.0.0.1:8080/media"))
 *     .listen("127.0.0.1", 8766).recordings(dir.resolve("recordings")).start()) {
 *   ... // <Connect><Stream url="wss://your-host/media"/> reaches the tap (through a TLS front), the tap the agent
 * }
 * log.close();
 * }</pre>
 *
 * <p>The pipeline of each connection, outermost first: {@code TwilioLogInterceptor} (the lines, secrets
 * masked), {@code TwilioMedia} (audio, marks, clear, the stream's rules), both over one
 * {@code StreamState} and one {@link CallAudio}. Both forward first and work afterwards. See
 * docs/telephony-taps.md.
 *
 * <p><b>Thread safety.</b> Thread-safe; {@link #close()} may be called from any thread.
 */
public final class TwilioTap implements AutoCloseable {
  /** The default address: loopback; put a TLS-terminating proxy in front for Twilio. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8766;
  /**
   * Data fields of the stream's messages that hold what a caller typed: give them to
   * {@code VoiceLogBuilder.redactField} with {@code Redaction.TEXT} to keep DTMF digits (card numbers, PINs)
   * out of the log.
   */
  public static final Set<String> PERSONAL_FIELDS = Set.of("digit");

  private final RelayServer server;

  private TwilioTap(Builder b) {
    Path recordings = b.recordings;
    boolean everyMedia = b.everyMedia;
    this.server = RelayServer.builder().log(b.log).upstream(b.upstream).listen(b.host, b.port).tap("twilio")
        .connectTimeout(b.connectTimeout).interceptors(c -> interceptors(c, recordings, everyMedia)).start();
  }

  static List<Interceptor> interceptors(Connection connection, Path recordings, boolean everyMedia) {
    CallAudio audio = CallAudio.builder(connection.session(), "twilio").recordings(recordings).build();
    StreamState state = new StreamState(audio);
    return List.of(new TwilioLogInterceptor(state, everyMedia), CallInterceptor.of(state.audio, new TwilioMedia(state)));
  }

  /** A builder; {@link Builder#log} and {@link Builder#upstream} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Streams being relayed now. */
  public int openConnections() {
    return server.openConnections();
  }

  /** Closes every stream (code 1001 both ways, calls ended and recorded) and stops listening; the log stays open. */
  @Override
  public void close() {
    server.close();
  }

  /** Builds and starts a {@link TwilioTap}. Not thread-safe. */
  public static final class Builder {
    private VoiceLog log;
    private URI upstream;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path recordings;
    private boolean everyMedia;
    private Duration connectTimeout = RelayServer.DEFAULT_CONNECT_TIMEOUT;

    private Builder() {}

    /** The log the calls go to. Required. */
    public Builder log(VoiceLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** The agent's WebSocket ({@code ws://} or {@code wss://}); Twilio's path and query are kept. Required. */
    public Builder upstream(URI upstream) {
      this.upstream = Objects.requireNonNull(upstream, "upstream");
      return this;
    }

    /** Where to listen (default 127.0.0.1:8766; port 0 picks a free port). */
    public Builder listen(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Records every call in stereo (caller left, agent right) into {@code directory/<session id>.wav} (default: none). */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /** Log every media message as a line, not only the first of each direction (default false). */
    public Builder everyMedia(boolean every) {
      this.everyMedia = every;
      return this;
    }

    /** How long connecting to the agent may take (default {@link RelayServer#DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /**
     * Starts listening; blocks until it does.
     *
     * @throws IllegalStateException without a log or an upstream
     * @throws IllegalArgumentException for an upstream that is not ws:// or wss://, or a bad port
     * @throws RuntimeException when the address cannot be bound
     */
    public TwilioTap start() {
      if (log == null || upstream == null) {
        throw new IllegalStateException("log and upstream are required");
      }
      return new TwilioTap(this);
    }
  }
}
