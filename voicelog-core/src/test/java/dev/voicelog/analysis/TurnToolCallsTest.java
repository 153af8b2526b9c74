package dev.voicelog.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.read.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnToolCallsTest {
  private static LogEvent event(String type, long seq, long tMicros, Map<String, ?> data) {
    return LogEvent.of("s", type, seq, tMicros, LogEvent.NO_TIMESTAMP, 0, data);
  }

  private static List<Turn> assemble(LogEvent... events) {
    List<Turn> turns = new ArrayList<>();
    TurnAssembler a = new TurnAssembler(AnalysisOptions.defaults(), turns::add);
    for (LogEvent e : events) {
      a.accept(e);
    }
    a.finish();
    return turns;
  }

  @Test
  void toolCallsAreExactlyThePairsToolTimeSums() {
    List<Turn> turns = assemble(
        event("USER_SPEECH_START", 1, 0, null),
        event("USER_SPEECH_END", 2, 1_000_000, null),
        event("TOOL_REQUEST_START", 3, 1_100_000, Map.of("tool", "weather")),
        event("TOOL_REQUEST_START", 4, 1_150_000, Map.of("tool", "clock")),
        event("TOOL_REQUEST_END", 5, 1_300_000, Map.of("tool", "clock")),
        event("TOOL_REQUEST_END", 6, 1_600_000, Map.of("tool", "weather")),
        event("TOOL_REQUEST_END", 7, 1_700_000, Map.of("tool", "unknown")));

    Turn turn = turns.get(0);
    assertThat(turn.toolCalls()).extracting(Turn.ToolCall::name).containsExactly("clock", "weather");
    assertThat(turn.toolCalls()).extracting(c -> c.start().seq()).containsExactly(4L, 3L);
    assertThat(turn.toolCalls()).extracting(c -> c.end().seq()).containsExactly(5L, 6L);
    long sum = 0;
    for (Turn.ToolCall c : turn.toolCalls()) {
      sum += c.end().t() - c.start().t();
    }
    assertThat(turn.metric(Metric.TOOL_TIME)).hasValue(sum);
  }

  @Test
  void aToolCallEndingInTheNextTurnIsNotOneOfEitherTurnsCalls() {
    List<Turn> turns = assemble(
        event("USER_SPEECH_START", 1, 0, null),
        event("TOOL_REQUEST_START", 2, 500_000, Map.of("tool", "weather")),
        event("USER_SPEECH_START", 3, 2_000_000, null),
        event("TOOL_REQUEST_END", 4, 2_500_000, Map.of("tool", "weather")));

    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).toolCalls()).isEmpty();
    assertThat(turns.get(1).toolCalls()).isEmpty();
    assertThat(turns.get(1).metric(Metric.TOOL_TIME)).isEmpty();
    assertThat(turns.get(1).anomalies()).filteredOn(a -> a.metric() == Metric.TOOL_TIME).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Anomaly.Kind.MISSING_START);
      assertThat(a.metric()).isEqualTo(Metric.TOOL_TIME);
      assertThat(a.message()).isEqualTo(
          "TOOL_REQUEST_END#4 ends a call that began in turn 1 (TOOL_REQUEST_START#2): counted in neither turn's tool_time");
    });
  }

  @Test
  void aTurnEndsAtItsLatestEventEvenWhenItArrivedEarlier() {
    List<Turn> turns = assemble(
        event("USER_SPEECH_START", 1, 0, null),
        event("TTS_PLAYBACK_END", 2, 9_000_000, null),
        event("USER_SPEECH_END", 3, 1_000_000, null));

    assertThat(turns.get(0).startT()).isZero();
    assertThat(turns.get(0).endT()).isEqualTo(9_000_000);
  }
}
