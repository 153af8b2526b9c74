package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.otel.testing.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportOtlpCommandTest {
  private static final String KEY = "sk-cli-9b1e44";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private int run(String... args) {
    CommandLine cl = Cli.commandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** One session, one turn: a user speaks, the agent answers. 5 spans: conversation, turn, user_speech, tts, agent_speech. */
  private Path oneTurnLog() {
    VoiceLog log = VoiceLog.builder().directory(dir).shutdownHook(false).build();
    Session s = log.startSession("cli-call");
    long t0 = s.nanoTime();
    s.event(EventType.USER_SPEECH_START).at(t0 + ms(100)).log();
    s.event(EventType.USER_SPEECH_END).at(t0 + ms(1_300)).log();
    s.event(EventType.TTS_START).at(t0 + ms(1_700)).log();
    s.event(EventType.TTS_FIRST_AUDIO).at(t0 + ms(1_900)).log();
    s.event(EventType.TTS_PLAYBACK_START).at(t0 + ms(1_950)).log();
    s.event(EventType.TTS_PLAYBACK_END).at(t0 + ms(3_000)).log();
    s.end();
    assertThat(log.close()).isTrue();
    return dir;
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void aLogIsReplayedToTheEndpointWithItsHeaderAndTheCountIsPrinted() throws Exception {
    Path logs = oneTurnLog();

    int code = run("export", "otlp", "--endpoint", receiver.url(), "--header", "Authorization=Bearer " + KEY,
        "--service-name", "cli-agent", logs.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("exported 1 conversations (1 turns, 5 spans) to " + receiver.url());
    assertThat(receiver.spans()).extracting(Span::getName)
        .containsExactlyInAnyOrder("conversation", "turn", "user_speech", "tts", "agent_speech");
    assertThat(receiver.authorizations()).containsOnly("Bearer " + KEY);
    assertThat(out.toString() + err.toString()).doesNotContain(KEY);
  }

  @Test
  void aCollectorThatIsDownExitsOneAndSaysHowManySpansDidNotArrive() {
    Path logs = oneTurnLog();
    receiver.stop();

    int code = run("export", "otlp", "--endpoint", receiver.url(), "--timeout", "1", "-H", "x-api-key=" + KEY,
        logs.toString());

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(err.toString()).contains("5 of the 5 spans of 1 conversations did not reach " + receiver.url())
        .contains("(first failure: ").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out.toString()).as("nothing said to be exported").doesNotContain("exported");
    assertThat(out.toString() + err.toString()).doesNotContain(KEY);
  }

  @Test
  void aMissingPathIsAUsageErrorNamingIt() {
    int code = run("export", "otlp", "--endpoint", receiver.url(), dir.resolve("nowhere").toString());

    assertThat(code).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("nowhere: no such file or directory").doesNotContain("Exception");
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void badOptionsAreUsageErrorsThatNeverEchoAHeaderValue() {
    assertThat(run("export", "otlp", "--endpoint", "collector:4318", dir.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("endpoint").contains("http");
    assertThat(run("export", "otlp", "--header", KEY, dir.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("--header expects NAME=VALUE").doesNotContain(KEY);
    assertThat(run("export", "otlp", "--timeout", "0", dir.toString())).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("--timeout");
  }
}
