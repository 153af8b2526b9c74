package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.read.LineDecoder;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveTurnsTest {
  @TempDir Path tmp;

  @Test
  void linesInWritingOrderGiveTheSameTurnsAsTheWholeFile() throws IOException {
    Map<String, List<String>> live = new TreeMap<>();
    LiveTurns turns = new LiveTurns(AnalysisOptions.defaults(), LiveTurns.DEFAULT_REORDER_WINDOW,
        (session, turn) -> live.computeIfAbsent(session, k -> new ArrayList<>()).add(turn.number() + " " + turn.metrics()));
    LineDecoder decoder = new LineDecoder("f", p -> { });
    long n = 0;
    for (String line : Fixtures.lines(Fixtures.NATIVE)) {
      LogEvent e = decoder.decode(line, ++n);
      turns.accept(e);
    }
    turns.finish();

    Map<String, List<String>> batch = new TreeMap<>();
    for (Conversation c : Analysis.conversations(List.of(Fixtures.copy(Fixtures.NATIVE, tmp)), AnalysisOptions.defaults(),
        LogReader.create()).conversations()) {
      for (Turn t : c.turns()) {
        batch.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(t.number() + " " + t.metrics());
      }
    }
    assertThat(live).isEqualTo(batch);
  }

  @Test
  void aTurnIsHandedOverOnlyOnceItsEventsAreOutOfTheReorderWindow() {
    List<Turn> out = new ArrayList<>();
    LiveTurns turns = new LiveTurns(AnalysisOptions.defaults(), Duration.ofSeconds(2), (s, t) -> out.add(t));
    turns.accept(LogEvent.of("s", "USER_SPEECH_END", 2, 5_000_000, LogEvent.NO_TIMESTAMP, 0, null));
    turns.accept(LogEvent.of("s", "USER_SPEECH_START", 1, 3_000_000, LogEvent.NO_TIMESTAMP, 0, null)); // backdated, written later
    turns.accept(LogEvent.of("s", "USER_SPEECH_START", 3, 9_000_000, LogEvent.NO_TIMESTAMP, 0, null));
    assertThat(out).isEmpty(); // the next turn's start is still within 2 s of the newest event
    turns.accept(LogEvent.of("s", "AUDIO_STATS", 4, 11_500_000, LogEvent.NO_TIMESTAMP, 0, null));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).metrics()).containsEntry(Metric.USER_SPEECH, 2_000_000L);
    assertThat(turns.openSessions()).isEqualTo(1);
    turns.accept(LogEvent.of("s", "SESSION_END", 5, 11_600_000, LogEvent.NO_TIMESTAMP, 0, null));
    assertThat(out).hasSize(2);
    assertThat(turns.openSessions()).isZero();
  }
  @Test
  void endingOneSessionHandsOverItsPendingTurnsAndLeavesTheOthersOpen() {
    List<String> out = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    LiveTurns turns = new LiveTurns(AnalysisOptions.defaults(), Duration.ofSeconds(2), new LiveTurns.Listener() {
      @Override
      public void turn(String sessionId, Turn turn) {
        out.add(sessionId + " " + turn.number() + " " + turn.metrics());
      }

      @Override
      public void sessionEnded(String sessionId, List<Anomaly> conversationAnomalies) {
        ended.add(sessionId);
      }
    });
    turns.accept(LogEvent.of("quiet", "USER_SPEECH_START", 1, 1_000_000, LogEvent.NO_TIMESTAMP, 0, null));
    turns.accept(LogEvent.of("quiet", "USER_SPEECH_END", 2, 1_500_000, LogEvent.NO_TIMESTAMP, 0, null));
    turns.accept(LogEvent.of("busy", "USER_SPEECH_START", 1, 1_000_000, LogEvent.NO_TIMESTAMP, 0, null));
    assertThat(out).isEmpty(); // within the reorder window: nothing is handed over yet

    turns.end("quiet");
    turns.end("never-seen");

    assertThat(out).containsExactly("quiet 1 {user_speech=500000}");
    assertThat(ended).containsExactly("quiet");
    assertThat(turns.openSessions()).isEqualTo(1);
    turns.finish();
    assertThat(ended).containsExactly("quiet", "busy");
  }
}
