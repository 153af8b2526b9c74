package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCollectorTest {
  private final LogReaderTest.Collected collected = new LogReaderTest.Collected();
  private final List<SessionLog> sessions = collected.sessions;
  private final List<Problem> problems = collected.problems;
  private final SessionCollector collector = new SessionCollector(collected);
  private final LineDecoder decoder = new LineDecoder("f.jsonl", problems::add);
  private long lineNo;

  private void feed(String sid, long seq, String t, String type) {
    String seqField = seq > 0 ? ",\"seq\":" + seq : "";
    collector.accept(decoder.decode("{\"timestamp\":\"2026-11-21T15:30:00Z\",\"event_type\":\"" + type + "\",\"session_id\":\""
        + sid + "\"" + seqField + ",\"t\":" + t + ",\"data\":{\"count\":2}}", ++lineNo));
  }

  @Test
  void aSessionIsHandedOnAtItsEndOnlyOnceEverySeqHasArrived() {
    feed("a", 3, "2.0", "SESSION_END");
    feed("a", 1, "0.0", "SESSION_START");
    assertThat(sessions).isEmpty();
    feed("a", 2, "1.0", "TTS_START");
    assertThat(sessions).singleElement().satisfies(s -> {
      assertThat(s.events()).extracting(LogEvent::seq).containsExactly(1L, 2L, 3L);
      assertThat(s.ended()).isTrue();
      assertThat(s.lostEvents()).isZero();
    });
    assertThat(collector.openSessions()).isZero();
  }

  @Test
  void eventsAreOrderedByTThenSeq() {
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 2, "5.0", "USER_SPEECH_END");
    feed("a", 3, "4.0", "USER_SPEECH_START"); // backdated: logged after, happened before
    feed("a", 4, "5.0", "STT_START");
    collector.finish();
    assertThat(sessions.get(0).events()).extracting(LogEvent::type)
        .containsExactly("SESSION_START", "USER_SPEECH_START", "USER_SPEECH_END", "STT_START");
  }

  @Test
  void gapsInSeqAreLostEventsWithTheirCount() {
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 2, "0.1", "TTS_START");
    feed("a", 6, "0.5", "TTS_PLAYBACK_END");
    feed("a", 7, "0.6", "SESSION_END");
    feed("a", 0, "0.55", "EVENTS_DROPPED");
    assertThat(sessions).isEmpty(); // cannot be complete: seq 3..5 never came
    collector.finish();
    SessionLog s = sessions.get(0);
    assertThat(s.lostEvents()).isEqualTo(3);
    assertThat(s.droppedReported()).isEqualTo(2);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.SEQ_GAP);
      assertThat(p.count()).isEqualTo(3);
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).isEqualTo("session a skips seq 3..5: 3 events lost");
    });
  }

  @Test
  void aRepeatedLineIsDroppedAndReported() {
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 2, "0.1", "SESSION_END");
    assertThat(sessions.get(0).events()).hasSize(2);
    assertThat(problems).singleElement().extracting(Problem::kind).isEqualTo(Problem.Kind.DUPLICATE);
  }

  @Test
  void anEventAfterItsSessionWasHandedOnIsReportedAsLate() {
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 2, "0.1", "SESSION_END");
    feed("a", 3, "0.2", "TTS_START");
    feed("a", 0, "0.3", "EVENTS_DROPPED");
    assertThat(problems).extracting(Problem::kind).containsExactly(Problem.Kind.LATE_EVENT, Problem.Kind.EVENTS_DROPPED);
    assertThat(problems.get(1).count()).isEqualTo(2);
  }

  @Test
  void anEventLoggedAfterSessionEndIsNotPartOfItWhateverTheLineOrder() {
    feed("a", 1, "0.0", "SESSION_START");
    feed("a", 3, "0.9", "TURN_END_DETECTED"); // a stray thread logged it after end(): seq 3 > SESSION_END's 2
    feed("a", 2, "0.5", "SESSION_END");
    assertThat(sessions).singleElement().satisfies(s ->
        assertThat(s.events()).extracting(LogEvent::seq).containsExactly(1L, 2L));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.LATE_EVENT);
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).isEqualTo("TURN_END_DETECTED of session a was logged after its SESSION_END; not analysed");
    });
  }

  @Test
  void voiceModeEventsWithoutASessionJoinTheSessionCurrentAtTheirTime() {
    LineDecoder vm = new LineDecoder("voicemode_events.jsonl", problems::add);
    String[] lines = {
      "{\"timestamp\":\"2025-06-23T15:30:05+00:00\",\"event_type\":\"TOOL_REQUEST_END\",\"session_id\":null,\"data\":{}}",
      "{\"timestamp\":\"2025-06-23T15:30:00+00:00\",\"event_type\":\"SESSION_START\",\"session_id\":\"conv_1\",\"data\":{}}",
      "{\"timestamp\":\"2025-06-23T15:30:04+00:00\",\"event_type\":\"SESSION_END\",\"session_id\":\"conv_1\",\"data\":{}}",
      "{\"timestamp\":\"2025-06-23T15:30:06+00:00\",\"event_type\":\"SESSION_START\",\"session_id\":\"conv_2\",\"data\":{}}",
      "{\"timestamp\":\"2025-06-23T15:30:06.5+00:00\",\"event_type\":\"TTS_START\",\"session_id\":\"conv_2\",\"data\":{}}",
    };
    for (int i = 0; i < lines.length; i++) {
      collector.accept(vm.decode(lines[i], i + 1));
    }
    assertThat(sessions).isEmpty(); // no seq: complete only at the end of the file
    collector.endOfFile("voicemode_events.jsonl");
    assertThat(sessions).extracting(SessionLog::id).containsExactly("conv_1", "conv_2");
    assertThat(sessions.get(0).events()).extracting(LogEvent::type).containsExactly("SESSION_START", "SESSION_END", "TOOL_REQUEST_END");
    assertThat(sessions.get(0).events()).extracting(LogEvent::t).containsExactly(0L, 4_000_000L, 5_000_000L);
    assertThat(sessions.get(1).events()).extracting(LogEvent::t).containsExactly(0L, 500_000L);
    assertThat(sessions.get(1).events()).allMatch(LogEvent::tDerived);
  }
}
