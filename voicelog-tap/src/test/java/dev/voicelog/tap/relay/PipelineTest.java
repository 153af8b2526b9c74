package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.testing.LogFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a connection's pipeline orders its error lines against the session's end. */
class PipelineTest {
  @TempDir Path dir;
  VoiceLog log;
  Session session;
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final Logger tapLogger = Logger.getLogger("dev.voicelog.tap");
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      warnings.add(r.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void open() {
    log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    session = log.startSession("call-1", Map.of());
    tapLogger.addHandler(capture);
  }

  @AfterEach
  void close() {
    tapLogger.removeHandler(capture);
    log.close();
  }

  private Pipeline pipeline(Interceptor... interceptors) {
    Secrets secrets = new Secrets();
    secrets.add("sk-canary-0000");
    Connection c = new Connection(session, new ClientRequest("/", null, Map.of(), List.of(), "127.0.0.1:1"), secrets, "127.0.0.1:2");
    return new Pipeline(c, List.of(interceptors), info -> session.end(Map.of("closed_by", info.closedBy())));
  }

  private List<String> types() {
    log.flush(Duration.ofSeconds(5));
    return LogFiles.events(dir).stream().map(e -> e.path("event_type").asText()).toList();
  }

  @Test
  void anErrorAfterTheEndGoesToTheSystemLoggerNotAfterSessionEnd() {
    Pipeline p = pipeline();
    p.error("upstream", "before the end", null);
    p.finish(new CloseInfo(CloseInfo.CLIENT, CloseCodes.NORMAL, "bye"));
    p.error("upstream", "could not send to upstream: broken pipe (key sk-canary-0000)", Direction.CLIENT_TO_UPSTREAM);

    List<String> types = types();
    assertThat(types.get(types.size() - 1)).isEqualTo("SESSION_END");
    List<JsonNode> errors = LogFiles.events(dir, "ERROR");
    assertThat(errors).extracting(e -> e.path("data").path("error").asText()).containsExactly("before the end");
    assertThat(warnings).singleElement().satisfies(w -> assertThat(w).contains("after its end", "broken pipe")
        .doesNotContain("sk-canary-0000"));
  }

  @Test
  void anInterceptorFailingInOnCloseIsStillLoggedBeforeTheEnd() {
    Pipeline p = pipeline(new Interceptor() {
      @Override
      public void intercept(Chain chain) {
        chain.proceed(chain.message());
      }

      @Override
      public void onClose(Connection connection, CloseInfo close) {
        throw new IllegalStateException("recorder gone");
      }
    });
    p.finish(new CloseInfo(CloseInfo.UPSTREAM, CloseCodes.NORMAL, "done"));

    List<String> types = types();
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("ERROR", "SESSION_END");
    assertThat(warnings).noneMatch(w -> w.contains("after its end"));
  }
}
