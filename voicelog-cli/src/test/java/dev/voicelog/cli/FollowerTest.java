package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.analysis.AnalysisOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code voicelog tail -f}, one poll at a time, on real files growing and rotating. */
class FollowerTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Follower follower(int initialLines) {
    return new Follower(dir, new PrintWriter(out, true), new PrintWriter(err, true), Format.text, Style.PLAIN, initialLines,
        AnalysisOptions.defaults());
  }

  private static String line(long seq, double t, String type) {
    return String.format(Locale.ROOT, "{\"timestamp\":\"2026-11-21T15:30:%02d.%06dZ\",\"event_type\":\"%s\",\"session_id\":\"call\","
        + "\"seq\":%d,\"t\":%.6f,\"data\":{}}%n", (int) t, (int) Math.round((t % 1) * 1e6), type, seq, t);
  }

  private void append(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private String taken() {
    String s = out.toString();
    out.getBuffer().setLength(0);
    return s;
  }

  @Test
  void printsNewLinesAndEachTurnAsItCompletesThroughRotation() throws IOException {
    append("voicelog_events_2026-11-20.jsonl", line(1, 0, "SESSION_START"));
    append("voicelog_events_2026-11-21.jsonl", line(2, 1, "USER_SPEECH_START") + line(3, 2, "USER_SPEECH_END"));
    Follower f = follower(10);
    assertThat(f.poll()).isTrue();
    assertThat(f.current().getFileName().toString()).isEqualTo("voicelog_events_2026-11-21.jsonl"); // the newest file
    assertThat(taken()).contains("USER_SPEECH_START", "USER_SPEECH_END").doesNotContain("SESSION_START");
    assertThat(f.poll()).isFalse();

    // a line being written waits for its newline
    String tts = line(4, 2.5, "TTS_START");
    append("voicelog_events_2026-11-21.jsonl", tts.substring(0, 30));
    f.poll();
    assertThat(taken()).isEmpty();
    append("voicelog_events_2026-11-21.jsonl", tts.substring(30) + line(5, 2.8, "TTS_FIRST_AUDIO")
        + line(6, 2.9, "TTS_PLAYBACK_START") + line(7, 4.0, "TTS_PLAYBACK_END"));
    f.poll();
    assertThat(taken()).contains("TTS_START", "TTS_PLAYBACK_END").doesNotContain("turn 1:");

    // rotation: the logger moves on to a new file; the session continues in it
    append("voicelog_events_2026-11-22.jsonl", line(8, 6.0, "USER_SPEECH_START") + line(9, 7.0, "SESSION_END"));
    f.poll();
    assertThat(f.current().getFileName().toString()).isEqualTo("voicelog_events_2026-11-22.jsonl");
    String after = taken();
    assertThat(after).contains("USER_SPEECH_START", "SESSION_END");
    assertThat(after).contains("== call  turn 1:  voice_to_voice 0.900s  response_time 0.500s  ttfa 0.300s");
    assertThat(after).contains("== call  turn 2:  no latency metrics");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theFirstPollShowsOnlyTheLastLinesOfWhatIsAlreadyThere() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      sb.append(line(i, i, "AUDIO_STATS"));
    }
    append("voicelog_events.jsonl", sb.toString() + "garbage\n");
    Follower f = follower(5);
    f.poll();
    assertThat(taken().lines()).hasSize(5).last().asString().contains("+30.000s");
    assertThat(err.toString()).contains("voicelog_events.jsonl:31: not a JSON object");
  }
}
