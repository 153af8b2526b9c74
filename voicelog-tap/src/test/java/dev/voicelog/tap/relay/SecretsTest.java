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

  /** What a user typed, as an error quoting it may show it: user info, secret parameters, key-like strings. */
  @Test
  void aValueTheUserGaveIsQuotedWithoutItsSecrets() {
    assertThat(Secrets.describeGiven("http://user:pass-word-1@agent/media?token=abc123&x=1"))
        .isEqualTo("http://[secret]@agent/media?token=[secret]&x=1");
    assertThat(Secrets.describeGiven("ws://agent:99999/media?api_key=k%3Dvalue1#frag")).isEqualTo("ws://agent:99999/media?api_key=[secret]#frag");
    assertThat(Secrets.describeGiven("user:pass-word-1@agent:9092")).isEqualTo("[secret]@agent:9092");
    assertThat(Secrets.describeGiven("127.0.0.1:8765")).isEqualTo("127.0.0.1:8765");
    assertThat(Secrets.describeGiven("agent " + KEY)).isEqualTo("agent [secret]");
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

  /**
   * The cheap test that spares most messages the regex must let through everything the regex masks: keys
   * with either separator, "bearer" in any case, in a message of base64 audio as the Realtime API sends.
   */
  @Test
  void theTestBeforeTheRegexMissesNoKeyShapedString() {
    byte[] pcm = new byte[960];
    new java.util.Random(7).nextBytes(pcm);
    String audio = java.util.Base64.getEncoder().encodeToString(pcm);
    String event = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + audio + "\"}";
    Secrets s = new Secrets();
    assertThat(Secrets.mayHoldKeyLike(event)).isFalse();
    assertThat(s.containsSecret(event)).isFalse();
    for (String secret : List.of(KEY, "rk_0123456789abcdef", "ek_68af0123456789abcdef", "BEARER tok123456", "BeArEr\ttok123456",
        "bearer  tok123456")) {
      String withSecret = event.replace("\"}", " " + secret + "\"}");
      assertThat(Secrets.mayHoldKeyLike(withSecret)).as(secret).isTrue();
      assertThat(s.containsSecret(withSecret)).as(secret).isTrue();
      assertThat(s.scrub(withSecret)).as(secret).isEqualTo(event.replace("\"}", " [secret]\"}"));
    }
  }
}
