package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  static final String KEY = "sk-test-0123456789abcdefABCDEF";

  @Test
  void everyPlaceAClientPutsItsKeyIsFoundAndMasked() {
    ClientRequest req = new ClientRequest("/v1/realtime", "model=m&api_key=q-secret-value", Map.of(
        "Authorization", List.of("Bearer auth-secret-value"), "OpenAI-Beta", List.of("realtime=v1")),
        List.of("realtime", "openai-insecure-api-key.proto-secret-value"), "127.0.0.1:1");
    Secrets s = req.secrets();
    assertThat(s.scrub("a auth-secret-value b proto-secret-value c q-secret-value d")).isEqualTo("a [secret] b [secret] c [secret] d");
    assertThat(s.scrub("realtime=v1")).isEqualTo("realtime=v1");
    assertThat(Secrets.describeSubprotocol("openai-insecure-api-key.proto-secret-value")).isEqualTo("openai-insecure-api-key.[secret]");
    assertThat(s.describeQuery("model=m&api_key=q-secret-value")).isEqualTo("model=m&api_key=[secret]");
    assertThat(s.describeUri(URI.create("wss://user:pw@api.example.com/v1/realtime?model=m&token=zzzzzzzz")))
        .isEqualTo("wss://api.example.com/v1/realtime?model=m&token=[secret]");
  }

  @Test
  void keyShapedStringsAreMaskedEvenWhenNeverSeen() {
    Secrets s = new Secrets();
    assertThat(s.scrub("key " + KEY + " end")).isEqualTo("key [secret] end");
    assertThat(s.scrub("Authorization: Bearer abcdef123456")).isEqualTo("Authorization: [secret]");
    assertThat(s.scrub("ek_68af0123456789abcdef")).isEqualTo("[secret]");
    assertThat(s.containsSecret("nothing here")).isFalse();
    assertThat(s.scrub("task-list and risk_level stay")).isEqualTo("task-list and risk_level stay");
  }
}
