package dev.voicelog.tap.audiosocket;

import dev.voicelog.VoiceLog;
import dev.voicelog.tap.call.CallAudio;
import dev.voicelog.tap.call.CallInterceptor;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.TcpRelayServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Asterisk AudioSocket tap: a TCP relay that Asterisk's {@code AudioSocket(uuid,host:port)} (or
 * {@code Dial(AudioSocket/host:port/uuid)}) connects to instead of the agent. It connects to the agent,
 * relays every byte both ways unchanged, and logs the call into the {@link VoiceLog}: one session per call,
 * named by the call's UUID (the first frame Asterisk sends), the frames ({@code audiosocket.uuid},
 * {@code audiosocket.dtmf}, {@code audiosocket.hangup}, {@code audiosocket.error},
 * {@code audiosocket.unknown}), the caller's and agent's speech and playback as canonical events, the
 * diagnostics (the silent call's, and malformed or truncated frames with their offsets), and a stereo
 * recording.
 *
 * <pre>{@code
 * VoiceLog log = VoiceLog.builder().directory(dir).build();
 * try (AudioSocketTap tap = AudioSocketTap.builder().log(log).upstream("127.0.0.1", 9092)
 *     .listen("127.0.0.1", 9093).recordings(dir.resolve("recordings")).start()) {
 *   ... // same = n,AudioSocket(${UUID},127.0.0.1:9093)
 * }
 * log.close();
 * }</pre>
 *
 * <p>The pipeline of each connection, outermost first: {@code AudioSocketLogInterceptor} (lines and
 * framing diagnostics), {@code AudioSocketAudio} (the audio into one {@link CallAudio}); a
 * {@code FrameReader} per direction reads the frames across TCP reads. See docs/telephony-taps.md.
 *
 * <p><b>Thread safety.</b> Thread-safe; {@link #close()} may be called from any thread.
 */
public final class AudioSocketTap implements AutoCloseable {
  /** The default address: loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 9093;
  /** Data fields of the call's frames that hold what a caller typed (DTMF digits): redact them like text. */
  public static final Set<String> PERSONAL_FIELDS = Set.of("digit");

  private final TcpRelayServer server;

  private AudioSocketTap(Builder b) throws IOException {
    Path recordings = b.recordings;
    this.server = TcpRelayServer.builder().log(b.log).upstream(b.upstreamHost, b.upstreamPort).listen(b.host, b.port)
        .tap("audiosocket").connectTimeout(b.connectTimeout).sessionId(AudioSocketTap::uuidOf)
        .interceptors(c -> interceptors(c, recordings)).start();
  }

  static List<Interceptor> interceptors(Connection connection, Path recordings) {
    CallState state = new CallState(CallAudio.builder(connection.session(), "audiosocket").recordings(recordings).build());
    return List.of(new AudioSocketLogInterceptor(state), CallInterceptor.of(state.audio, new AudioSocketAudio(state)));
  }

  /** The call's UUID when the stream starts with a UUID frame (it always should), else null. */
  static String uuidOf(ByteBuffer first) {
    if (first.remaining() < 19 || (first.get(0) & 0xff) != Kinds.UUID || first.get(1) != 0 || first.get(2) != 16) {
      return null;
    }
    byte[] b = new byte[16];
    first.get(3, b);
    return Kinds.uuid(b, 0);
  }

  /** A builder; {@link Builder#log} and {@link Builder#upstream} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Calls being relayed now. */
  public int openConnections() {
    return server.openConnections();
  }

  /** Closes every call (both sockets; calls ended and recorded) and stops listening; the log stays open. */
  @Override
  public void close() {
    server.close();
  }

  /** Builds and starts an {@link AudioSocketTap}. Not thread-safe. */
  public static final class Builder {
    private VoiceLog log;
    private String upstreamHost;
    private int upstreamPort;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path recordings;
    private Duration connectTimeout = TcpRelayServer.DEFAULT_CONNECT_TIMEOUT;

    private Builder() {}

    /** The log the calls go to. Required. */
    public Builder log(VoiceLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** The agent's AudioSocket server. Required. */
    public Builder upstream(String host, int port) {
      this.upstreamHost = Objects.requireNonNull(host, "host");
      this.upstreamPort = port;
      return this;
    }

    /** Where to listen (default 127.0.0.1:9093; port 0 picks a free port). */
    public Builder listen(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Records every call in stereo (caller left, agent right) into {@code directory/<uuid>.wav} (default: none). */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /** How long connecting to the agent may take (default {@link TcpRelayServer#DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /**
     * Starts listening; returns once the socket is bound.
     *
     * @throws IllegalStateException without a log or an upstream
     * @throws IllegalArgumentException for a bad port
     * @throws IOException when the address cannot be bound
     */
    public AudioSocketTap start() throws IOException {
      if (log == null || upstreamHost == null) {
        throw new IllegalStateException("log and upstream are required");
      }
      return new AudioSocketTap(this);
    }
  }
}
