package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary of a log written by seeds/002's logger: {"timestamp","event_type","event_data"} lines, beta API. */
class RealtimeSummaryTest {
  static final List<String> SEED_002_LOG = List.of(
      "{\"timestamp\":\"2025-10-25T12:00:00.000\",\"event_type\":\"session.created\",\"event_data\":{\"type\":\"session.created\","
          + "\"session\":{\"model\":\"gpt-4o-realtime-preview-2024-12-17\",\"voice\":\"alloy\",\"input_audio_format\":\"g711_ulaw\","
          + "\"output_audio_format\":\"pcm16\",\"input_audio_transcription\":{\"model\":\"whisper-1\"},"
          + "\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.5,\"prefix_padding_ms\":300,\"silence_duration_ms\":200}}}}",
      "{\"timestamp\":\"2025-10-25T12:00:01.000\",\"event_type\":\"conversation.item.created\",\"event_data\":{\"type\":\"conversation.item.created\","
          + "\"item\":{\"id\":\"item_1\",\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"transcript\":null}]}}}",
      "{\"timestamp\":\"2025-10-25T12:00:01.200\",\"event_type\":\"conversation.item.input_audio_transcription.completed\","
          + "\"event_data\":{\"item_id\":\"item_1\",\"transcript\":\"Hello there\"}}",
      "{\"timestamp\":\"2025-10-25T12:00:02.000\",\"event_type\":\"response.audio_transcript.done\","
          + "\"event_data\":{\"item_id\":\"item_2\",\"transcript\":\"Hi! How can I help?\"}}",
      "{\"timestamp\":\"2025-10-25T12:00:02.100\",\"event_type\":\"response.done\",\"event_data\":{\"response\":{\"id\":\"resp_1\","
          + "\"status\":\"completed\",\"usage\":{\"total_tokens\":50,\"input_tokens\":30,\"output_tokens\":20,"
          + "\"input_token_details\":{\"text_tokens\":10,\"audio_tokens\":20,\"cached_tokens\":0},"
          + "\"output_token_details\":{\"text_tokens\":5,\"audio_tokens\":15}}}}}",
      "{\"timestamp\":\"2025-10-25T12:00:03.000\",\"event_type\":\"error\",\"event_data\":{\"type\":\"error\","
          + "\"error\":{\"type\":\"invalid_request_error\",\"code\":\"invalid_value\",\"message\":\"bad\"}}}");

  @Test
  void seed002LogGivesConfigurationItemsUsageAndErrors() throws Exception {
    RealtimeSummary s = new RealtimeSummary();
    for (String line : SEED_002_LOG) {
      JsonNode n = RealtimeEvent.JSON.readTree(line);
      s.accept(n.path("event_type").asText(), ScriptedRealtimeServer.fields(n.path("event_data")));
    }
    StringWriter out = new StringWriter();
    s.render(new PrintWriter(out, true), "  ");
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        "  Realtime API (beta): model gpt-4o-realtime-preview-2024-12-17, voice alloy",
        "    input audio:   G.711 mu-law, 8000 Hz",
        "    output audio:  16-bit PCM little-endian, 24000 Hz",
        "    turn detection: server_vad (threshold 0.5, prefix 300 ms, silence 200 ms)",
        "    transcription: whisper-1",
        "    conversation items: 2",
        "      user: Hello there",
        "      assistant: Hi! How can I help?",
        "    responses: 1",
        "      resp_1 completed: input 30 (text 10, audio 20, cached 0), output 20 (text 5, audio 15)",
        "      total: input 30 (text 10, audio 20, cached 0), output 20 (text 5, audio 15)",
        "    errors: 1",
        "      invalid_request_error invalid_value: bad",
        ""));
  }

  @Test
  void itemsWithoutAnIdAreEachTheirOwn() throws Exception {
    RealtimeSummary s = new RealtimeSummary();
    s.accept("conversation.item.created", Map.of("item", Map.of("type", "message", "role", "user")));
    s.accept("response.output_audio_transcript.done", Map.of("transcript", "First answer"));
    s.accept("response.output_audio_transcript.done", Map.of("transcript", "Second answer"));
    s.accept("conversation.item.input_audio_transcription.completed", Map.of("item_id", "", "transcript", "Again"));
    StringWriter out = new StringWriter();
    s.render(new PrintWriter(out, true), "");
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        "  conversation items: 4",
        "    user: ",
        "    assistant: First answer",
        "    assistant: Second answer",
        "    user: Again",
        ""));
  }

  @Test
  void aLogWithoutRealtimeEventsGivesAnEmptySummary() {
    RealtimeSummary s = new RealtimeSummary();
    s.accept("TTS_START", Map.of("voice", "alloy"));
    assertThat(s.isEmpty()).isTrue();
  }
}
