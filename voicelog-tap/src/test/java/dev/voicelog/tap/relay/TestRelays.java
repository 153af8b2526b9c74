package dev.voicelog.tap.relay;

import dev.voicelog.LineListener;
import dev.voicelog.VoiceLog;
import dev.voicelog.VoiceLogBuilder;
import dev.voicelog.tap.testing.Closer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The relay tests' one setup: a real {@link VoiceLog} writing into a directory, and a {@link RelayServer} on
 * 127.0.0.1 (any port) logging into it, tap {@code test}, a 3-s connect timeout and no interceptors unless
 * a test's {@code settings} say otherwise; both closed by the test's {@link Closer} after it.
 */
final class TestRelays {
  private TestRelays() {}

  /** A log in {@code dir} handing its lines to {@code listeners}, closed after the test. */
  static VoiceLog log(Path dir, Closer closer, LineListener... listeners) {
    VoiceLogBuilder b = VoiceLog.builder().directory(dir).shutdownHook(false);
    for (LineListener l : listeners) {
      b.addListener(l);
    }
    VoiceLog log = b.build();
    closer.add((AutoCloseable) log::close);
    return log;
  }

  /** A relay to {@code upstream} logging into {@code log}, its builder passed through {@code settings} last. */
  static RelayServer start(VoiceLog log, Closer closer, URI upstream, UnaryOperator<RelayServer.Builder> settings) {
    return closer.add(settings.apply(RelayServer.builder().log(log).upstream(upstream).tap("test").listen("127.0.0.1", 0)
        .connectTimeout(Duration.ofSeconds(3)).interceptors(c -> List.of())).start());
  }
}
