package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.audio.format.AudioFormat;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
  private static JsonNode json(String s) throws Exception {
    return RealtimeEvent.JSON.readTree(s);
  }

  @Test
  void gaSessionShapeIsRead() throws Exception {
    SessionConfig c = SessionConfig.parse(json("{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":"
        + "{\"format\":{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"gpt-4o-transcribe\"},\"turn_detection\":"
        + "{\"type\":\"server_vad\",\"threshold\":0.6,\"prefix_padding_ms\":200,\"silence_duration_ms\":350}},"
        + "\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"marin\"}}}"), SessionConfig.DEFAULT);
    assertThat(c.api()).isEqualTo("ga");
    assertThat(c.input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    assertThat(c.output()).isEqualTo(AudioFormat.REALTIME_PCM16);
    assertThat(c.voice()).isEqualTo("marin");
    assertThat(c.transcriptionModel()).isEqualTo("gpt-4o-transcribe");
    assertThat(c.turnDetection()).isEqualTo(new TurnDetection("server_vad", 0.6, 200, 350, null));
  }

  @Test
  void betaSessionShapeIsReadAndMissingVadValuesTakeTheDefaults() throws Exception {
    SessionConfig c = SessionConfig.parse(json("{\"model\":\"gpt-4o-realtime-preview\",\"voice\":\"alloy\","
        + "\"input_audio_format\":\"g711_alaw\",\"output_audio_format\":\"g711_ulaw\",\"input_audio_transcription\":null,"
        + "\"turn_detection\":{\"type\":\"server_vad\"}}"), SessionConfig.DEFAULT);
    assertThat(c.api()).isEqualTo("beta");
    assertThat(c.input()).isEqualTo(AudioFormat.REALTIME_G711_ALAW);
    assertThat(c.output()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    assertThat(c.transcriptionModel()).isNull();
    assertThat(c.turnDetection().prefixPaddingMs()).isEqualTo(300);
    assertThat(c.turnDetection().silenceDurationMs()).isEqualTo(500);
    assertThat(SessionConfig.millis(AudioFormat.REALTIME_G711_ULAW, 160)).isEqualTo(20.0);
    assertThat(SessionConfig.millis(AudioFormat.REALTIME_PCM16, 960)).isEqualTo(20.0);
    assertThat(SessionConfig.describe(AudioFormat.REALTIME_G711_ALAW)).isEqualTo("G.711 A-law, 8000 Hz");
  }

  @Test
  void turnDetectionOffAndSemanticVadHaveNoFixedPadding() throws Exception {
    assertThat(SessionConfig.parse(json("{\"turn_detection\":null}"), SessionConfig.DEFAULT).turnDetection()).isEqualTo(TurnDetection.NONE);
    TurnDetection semantic = TurnDetection.parse(json("{\"type\":\"semantic_vad\",\"eagerness\":\"low\"}"));
    assertThat(semantic.hasFixedPadding()).isFalse();
    assertThat(semantic.toString()).isEqualTo("semantic_vad (eagerness low)");
  }

  @Test
  void aClientsUpdateChangesTheInputFormatAndTurnDetectionAndKeepsTheApiGeneration() throws Exception {
    SessionConfig beta = SessionConfig.parse(json("{\"input_audio_format\":\"pcm16\",\"voice\":\"ash\"}"), SessionConfig.DEFAULT);
    SessionConfig ulaw = beta.requested(json("{\"input_audio_format\":\"g711_ulaw\",\"turn_detection\":{\"type\":\"server_vad\",\"silence_duration_ms\":800}}"));
    assertThat(ulaw.input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    assertThat(ulaw.turnDetection().silenceDurationMs()).isEqualTo(800);
    assertThat(ulaw.voice()).isEqualTo("ash");
    assertThat(ulaw.api()).isEqualTo("beta");

    SessionConfig ga = SessionConfig.parse(json("{\"type\":\"realtime\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}}}}"),
        SessionConfig.DEFAULT);
    assertThat(ga.requested(json("{\"instructions\":\"be brief\"}"))).as("an update about something else").isEqualTo(ga);
    assertThat(ga.requested(json("{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"}}}}")).input())
        .isEqualTo(AudioFormat.REALTIME_G711_ULAW);
  }

  @Test
  void anUpdateWithoutAFieldKeepsThePreviousValue() throws Exception {
    SessionConfig first = SessionConfig.parse(json("{\"voice\":\"ash\",\"input_audio_format\":\"g711_ulaw\"}"), SessionConfig.DEFAULT);
    SessionConfig second = SessionConfig.parse(json("{\"instructions\":\"be brief\"}"), first);
    assertThat(second.voice()).isEqualTo("ash");
    assertThat(second.input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
  }

  @Test
  void base64LengthGivesTheByteCount() {
    assertThat(AudioInterceptor.base64Bytes("")).isZero();
    assertThat(AudioInterceptor.base64Bytes("AAAAA")).as("not base64").isEqualTo(-1);
    assertThat(AudioInterceptor.base64Bytes("AA==")).isEqualTo(1);
    assertThat(AudioInterceptor.base64Bytes("AAA=")).isEqualTo(2);
    assertThat(AudioInterceptor.base64Bytes("AAAA")).isEqualTo(3);
    assertThat(AudioInterceptor.base64Bytes(java.util.Base64.getEncoder().encodeToString(new byte[961]))).isEqualTo(961);
  }
}
