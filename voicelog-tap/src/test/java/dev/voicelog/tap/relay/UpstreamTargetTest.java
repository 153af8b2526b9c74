package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamTargetTest {
  @Test
  void theClientsPathAndQueryReachTheUpstreamAsSent() {
    assertThat(UpstreamTarget.resolve(URI.create("wss://api.openai.com/v1/realtime"), "/v1/realtime", "model=gpt-realtime"))
        .hasToString("wss://api.openai.com/v1/realtime?model=gpt-realtime");
    assertThat(UpstreamTarget.resolve(URI.create("ws://agent:8080/media"), "/", null)).hasToString("ws://agent:8080/media");
  }

  @Test
  void theConfiguredQueryAddsWhatTheClientDidNotSend() {
    URI upstream = URI.create("ws://agent:8080/media?token=abc&model=default");
    assertThat(UpstreamTarget.resolve(upstream, "/media", "tenant=acme&model=mine"))
        .as("the client's parameters first and unchanged; the configured token added; its model not, the client sent one")
        .hasToString("ws://agent:8080/media?tenant=acme&model=mine&token=abc");
    assertThat(UpstreamTarget.resolve(upstream, "/media", null)).hasToString("ws://agent:8080/media?token=abc&model=default");
  }
}
