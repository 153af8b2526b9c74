package dev.voicelog.tap.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.audio.format.AudioFormat;
import org.junit.jupiter.api.Test;

/** The session configuration in force when the client's requests and the server's sessions cross. */
class RealtimeStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PCM16 = "{\"input_audio_format\":\"pcm16\"}";
  private static final String ULAW = "{\"input_audio_format\":\"g711_ulaw\"}";

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void aSessionCreatedReadLateDoesNotUndoTheClientsRequest() throws Exception {
    RealtimeState state = new RealtimeState();
    state.requested("evt_1", json(ULAW));
    state.fromServer(json(PCM16), false); // session.created, read after the client's update went out
    assertThat(state.config().input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    state.fromServer(json(ULAW), true); // its answer
    assertThat(state.config().input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    state.fromServer(json(PCM16), false); // the server's word, with nothing pending
    assertThat(state.config().input()).isEqualTo(AudioFormat.REALTIME_PCM16);
  }

  @Test
  void aRefusedRequestStopsBeingInForce() throws Exception {
    RealtimeState state = new RealtimeState();
    state.fromServer(json(PCM16), false);
    state.requested("evt_7", json(ULAW));
    assertThat(state.config().input()).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    state.refused("evt_7");
    state.fromServer(json(PCM16), false);
    assertThat(state.config().input()).isEqualTo(AudioFormat.REALTIME_PCM16);
  }
}
