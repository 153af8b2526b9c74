package dev.voicelog.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
  private final List<Problem> problems = new ArrayList<>();
  private final LineDecoder decoder = new LineDecoder("logs/test_call_20251025.jsonl", problems::add);

  private static long micros(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  @Test
  void decodesTheNativeLineExactly() {
    LogEvent e = decoder.decode("{\"timestamp\":\"2026-11-21T15:30:45.123456Z\",\"event_type\":\"TTS_START\","
        + "\"session_id\":\"conv_1234567890\",\"seq\":17,\"t\":12.345678,\"turn\":3,\"data\":{\"voice\":\"alloy\",\"n\":2}}", 7);
    assertThat(problems).isEmpty();
    assertThat(e.format()).isEqualTo(LogFormat.NATIVE);
    assertThat(e.sessionId()).isEqualTo("conv_1234567890");
    assertThat(e.type()).isEqualTo("TTS_START");
    assertThat(e.eventType()).isEqualTo(EventType.TTS_START);
    assertThat(e.canonicalType()).isEqualTo(EventType.TTS_START);
    assertThat(e.seq()).isEqualTo(17);
    assertThat(e.t()).isEqualTo(12_345_678L);
    assertThat(e.tDerived()).isFalse();
    assertThat(e.turn()).isEqualTo(3);
    assertThat(e.timestamp()).isEqualTo(micros("2026-11-21T15:30:45.123456Z"));
    assertThat(e.timestampText()).isEqualTo("2026-11-21T15:30:45.123456Z");
    assertThat(e.data()).isEqualTo(Map.of("voice", "alloy", "n", 2L));
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.file()).isEqualTo("logs/test_call_20251025.jsonl");
  }

  @Test
  void readsTheVoiceModeLineWithItsOffsetAndANullSession() {
    LogEvent e = decoder.decode("{\"timestamp\": \"2025-06-23T15:30:45.123456+00:00\", \"event_type\": \"TOOL_REQUEST_END\","
        + " \"session_id\": null, \"data\": {\"tool_name\": \"converse\"}}", 1);
    assertThat(e.format()).isEqualTo(LogFormat.VOICEMODE);
    assertThat(e.sessionId()).isNull();
    assertThat(e.seq()).isZero();
    assertThat(e.timestamp()).isEqualTo(micros("2025-06-23T15:30:45.123456Z"));
    assertThat(e.timestampHasOffset()).isTrue();
    LogEvent plus2 = decoder.decode("{\"timestamp\":\"2025-06-23T17:30:45+02:00\",\"event_type\":\"CONCH_ACQUIRED\",\"session_id\":\"s\"}", 2);
    assertThat(plus2.timestamp()).isEqualTo(micros("2025-06-23T15:30:45Z"));
    assertThat(plus2.eventType()).isNull();
    assertThat(plus2.canonicalType()).isNull();
    assertThat(plus2.data()).isEmpty();
  }

  @Test
  void readsTheRealtimeGuideLinesAsOneSessionNamedAfterTheFile() {
    LogEvent py = decoder.decode("{\"timestamp\": \"2025-10-25T12:00:00\", \"event_type\": \"input_audio_buffer.speech_started\","
        + " \"event_data\": {\"type\": \"input_audio_buffer.speech_started\", \"audio_start_ms\": 1600}}", 1);
    assertThat(py.format()).isEqualTo(LogFormat.REALTIME_GUIDE);
    assertThat(py.sessionId()).isEqualTo("test_call_20251025");
    assertThat(py.timestampHasOffset()).isFalse();
    assertThat(py.timestamp()).isEqualTo(micros("2025-10-25T12:00:00Z"));
    assertThat(py.canonicalType()).isEqualTo(EventType.USER_SPEECH_START);
    assertThat(py.get("audio_start_ms")).isEqualTo(1600L);
    LogEvent node = decoder.decode("{\"timestamp\":\"2025-10-25T12:00:01.250Z\",\"eventType\":\"response.output_audio.delta\","
        + "\"eventData\":{\"delta\":\"AAAA\"}}", 2);
    assertThat(node.format()).isEqualTo(LogFormat.REALTIME_GUIDE);
    assertThat(node.timestamp() - py.timestamp()).isEqualTo(1_250_000L);
    assertThat(node.canonicalType()).isEqualTo(EventType.TTS_FIRST_AUDIO);
    assertThat(node.impliedTypes()).containsExactly(EventType.TTS_PLAYBACK_START);
  }

  @Test
  void malformedLinesAreReportedWithTheirLineAndWhatWasExpected() {
    assertThat(decoder.decode("not json", 3)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0", 4)).isNull();
    assertThat(decoder.decode("{\"session_id\":\"s\",\"t\":1.0}", 5)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"data\":{}}", 6)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"timestamp\":\"yesterday\"}", 7)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0,\"seq\":-2}", 8)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0} trailing", 9)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0,\"data\":\"text\"}", 10)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0,\"data\":{\"a\":\"\u0001\"}}", 11)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1.0,\"seq\":\"one\"}", 12)).isNull();
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":\"abc\"}", 13)).isNull();
    assertThat(problems).extracting(Problem::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    assertThat(problems).allMatch(p -> p.kind() == Problem.Kind.MALFORMED);
    assertThat(problems).extracting(Problem::message).containsExactly(
        "not a JSON object (a line must be one event object)",
        "expected ',' or '}' at column 43, found end of line",
        "no event_type",
        "neither t nor timestamp: the event cannot be placed in time",
        "timestamp \"yesterday\" is not ISO-8601",
        "seq must be 1 or more, not -2",
        "expected the end of the line after the event object at column 45, found 't'",
        "data is not an object",
        "expected a closing quote (raw control characters are not allowed in strings) at column 57, found byte 0x01",
        "seq is not a number",
        "t is not a number");
    assertThat(problems.get(0).toString()).isEqualTo("logs/test_call_20251025.jsonl:3: not a JSON object (a line must be one event object)");
  }

  @Test
  void anUnterminatedLastLineThatDoesNotParseIsATornLine() {
    byte[] b = "{\"timestamp\":\"2026-11-21T15:30:45.123456Z\",\"event_type\":\"TTS_ST".getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(b, 0, b.length, 40, true)).isNull();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.TORN_LAST_LINE);
      assertThat(p.line()).isEqualTo(40);
      assertThat(p.message()).startsWith("the last line is incomplete (no newline;");
    });
  }

  @Test
  void blankLinesCarriageReturnsAndAByteOrderMarkAreTolerated() {
    assertThat(decoder.decode("   ", 2)).isNull();
    byte[] bom = "\uFEFF{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":0.5}\r".getBytes(StandardCharsets.UTF_8);
    LogEvent e = decoder.decode(bom, 0, bom.length, 1, false);
    assertThat(e.t()).isEqualTo(500_000L);
    assertThat(problems).isEmpty();
  }

  @Test
  void timesAreExactMicrosecondsWhateverTheirSpelling() {
    assertThat(tOf("12")).isEqualTo(12_000_000L);
    assertThat(tOf("0.000001")).isEqualTo(1L);
    assertThat(tOf("-0.250000")).isEqualTo(-250_000L);
    assertThat(tOf("1.5e2")).isEqualTo(150_000_000L);
    assertThat(tOf("0.1234565")).isEqualTo(123_456L);
    assertThat(tOf("0.1234575")).isEqualTo(123_458L);
    assertThat(tOf("1e-999999999")).isZero();
  }

  @Test
  void aHugeExponentIsRejectedAtOnceNotComputed() {
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1e999999999}", 1)).isNull();
    assertThat(problems).singleElement().extracting(Problem::message).asString()
        .startsWith("expected a number of seconds within range");
  }

  private long tOf(String t) {
    return decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":" + t + "}", 1).t();
  }

  @Test
  void escapedStringsAndNestedDataDecode() {
    LogEvent e = decoder.decode("{\"event_type\":\"STT_COMPLETE\",\"session_id\":\"s\\u00e9\",\"t\":1,"
        + "\"data\":{\"transcript\":\"quote \\\" tab \\t \\u4e2d\",\"list\":[1,2.5,true,null,{\"k\":[]}],\"big\":123456789012345678901}}", 1);
    assertThat(e.sessionId()).isEqualTo("sé");
    assertThat(e.getString("transcript")).isEqualTo("quote \" tab \t 中");
    assertThat(e.get("list")).isEqualTo(java.util.Arrays.asList(1L, 2.5, true, null, Map.of("k", List.of())));
    assertThat(e.get("big")).isEqualTo(new java.math.BigInteger("123456789012345678901"));
    assertThat(e.data()).isSameAs(e.data());
  }

  @Test
  void nestingBeyondTheLimitIsMalformedNotACrash() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(decoder.decode("{\"event_type\":\"X\",\"session_id\":\"s\",\"t\":1,\"data\":{\"a\":" + deep + "}}", 1)).isNull();
    assertThat(problems).singleElement().extracting(Problem::message).asString().contains("nesting no deeper than");
  }
}
