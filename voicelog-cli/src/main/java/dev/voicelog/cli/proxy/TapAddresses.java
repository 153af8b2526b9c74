package dev.voicelog.cli.proxy;

import dev.voicelog.cli.Cli;
import dev.voicelog.tap.relay.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --listen} and {@code --upstream} of the {@code voicelog proxy} commands, defined once: their names,
 * labels, help, parsing and error messages. Each command says only what differs: who connects, on which port
 * by default, and what its upstream is: a WebSocket URI ({@link #webSocket}) or an AudioSocket server's
 * {@code HOST:PORT} ({@link #hostPort}).
 *
 * <p>A command mixes {@link #options()} in ({@code @Mixin CommandSpec}; the options are built here rather than
 * declared with annotations because their defaults and words differ from command to command), then reads
 * {@link #listen()} and {@link #upstream()}, each a usage error naming its option when the value is not one.
 * One instance per command instance: it holds the values parsed.
 *
 * @param <U> the upstream, parsed
 */
final class TapAddresses<U> {
  /** The {@code upstreamDefault} of an {@code --upstream} that must be given. */
  static final String REQUIRED = null;

  private final OptionSpec listen;
  private final OptionSpec upstream;
  private final Function<String, U> parseUpstream;
  private final CommandSpec options;

  private TapAddresses(String whoConnects, int port, OptionSpec upstream, Function<String, U> parseUpstream) {
    this.listen = OptionSpec.builder("--listen").type(String.class).paramLabel("HOST:PORT")
        .defaultValue(ListenAddress.LOOPBACK + ":" + port)
        .description("Where " + whoConnects + " (default: ${DEFAULT-VALUE}; port 0 picks one).").build();
    this.upstream = upstream;
    this.parseUpstream = parseUpstream;
    this.options = CommandSpec.create().addOption(listen).addOption(upstream);
  }

  /**
   * A tap whose upstream is a WebSocket: {@code --upstream URI}, {@code ws://} or {@code wss://} with a host.
   *
   * @param whoConnects the help's words for who connects to {@code --listen}: "clients connect"
   * @param port the port {@code --listen} defaults to, on loopback
   * @param upstreamDefault the URI {@code --upstream} defaults to, or {@link #REQUIRED}
   * @param upstreamHelp the help of {@code --upstream}
   */
  static TapAddresses<URI> webSocket(String whoConnects, int port, String upstreamDefault, String upstreamHelp) {
    OptionSpec.Builder up = upstreamOption("URI", upstreamHelp);
    if (upstreamDefault == null) {
      up.required(true);
    } else {
      up.defaultValue(upstreamDefault);
    }
    return new TapAddresses<>(whoConnects, port, up.build(), TapAddresses::webSocketUri);
  }

  /**
   * A tap whose upstream is a TCP server: {@code --upstream HOST:PORT}, required, port 1 to 65535.
   *
   * @param whoConnects the help's words for who connects to {@code --listen}: "Asterisk connects"
   * @param port the port {@code --listen} defaults to, on loopback
   * @param upstreamExample a good {@code --upstream}, for its errors: "127.0.0.1:9092"
   * @param upstreamHelp the help of {@code --upstream}
   */
  static TapAddresses<ListenAddress> hostPort(String whoConnects, int port, String upstreamExample, String upstreamHelp) {
    OptionSpec up = upstreamOption("HOST:PORT", upstreamHelp).required(true).build();
    return new TapAddresses<>(whoConnects, port, up, v -> ListenAddress.parse(v, "--upstream", 1, upstreamExample));
  }

  private static OptionSpec.Builder upstreamOption(String label, String help) {
    return OptionSpec.builder("--upstream").type(String.class).paramLabel(label).description(help);
  }

  /** The two options, for the command's {@code @Mixin CommandSpec} field. */
  CommandSpec options() {
    return options;
  }

  /** The {@code --listen} address (port 0 picks one); a usage error naming {@code --listen}. */
  ListenAddress listen() {
    return ListenAddress.parse(listen.getValue(), "--listen", 0, listen.defaultValue());
  }

  /** The {@code --upstream}; a usage error naming {@code --upstream}. */
  U upstream() {
    return parseUpstream.apply(upstream.getValue());
  }

  /** A {@code ws://} or {@code wss://} URI with a host, or a usage error naming {@code --upstream}. */
  private static URI webSocketUri(String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme();
      if (!scheme.equals("ws") && !scheme.equals("wss") || u.getHost() == null) {
        throw new Cli.UserError("--upstream: expected a ws:// or wss:// URI with a host, got '" + Secrets.describeGiven(value) + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      // not e.getMessage(): it repeats the value as it was, password and all
      throw new Cli.UserError("--upstream: not a URI (" + e.getReason() + (e.getIndex() < 0 ? "" : " at character " + e.getIndex())
          + "): '" + Secrets.describeGiven(value) + "'");
    }
  }
}
