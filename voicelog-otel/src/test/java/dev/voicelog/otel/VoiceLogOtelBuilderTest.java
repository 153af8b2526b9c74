package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicelog.VoiceLogConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings: the builder's validation and the OpenTelemetry environment variables mapped onto it. */
class VoiceLogOtelBuilderTest {
  @Test
  void theStandardVariablesConfigureEndpointHeadersServiceAndContentCapture() {
    VoiceLogOtelBuilder b = VoiceLogOtel.builder().fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel.example.com:4318/",
        "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=abc%2F123, x-tenant = voice+ops",
        "OTEL_SERVICE_NAME", "booking-agent",
        "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "SPAN_ONLY"));

    assertThat(b.endpoint.traces()).isEqualTo("https://otel.example.com:4318/v1/traces");
    assertThat(b.endpoint.metrics()).isEqualTo("https://otel.example.com:4318/v1/metrics");
    assertThat(b.headers()).containsExactly(Map.entry("x-honeycomb-team", "abc/123"), Map.entry("x-tenant", "voice+ops"));
    assertThat(b.serviceName).isEqualTo("booking-agent");
    assertThat(b.captureContent).isTrue();
  }

  @Test
  void unsetOrEmptyVariablesKeepTheDefaultsAndLaterBuilderCallsWin() {
    VoiceLogOtelBuilder b = VoiceLogOtel.builder()
        .fromEnvironment(Map.of("OTEL_SERVICE_NAME", " ", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))
        .endpoint("http://127.0.0.1:9999");

    assertThat(b.serviceName).isEqualTo(VoiceLogOtelBuilder.DEFAULT_SERVICE_NAME);
    assertThat(b.endpoint.traces()).isEqualTo("http://127.0.0.1:9999/v1/traces");
    assertThat(b.captureContent).isFalse();
    assertThat(VoiceLogOtel.builder().endpoint.traces()).isEqualTo("http://localhost:4318/v1/traces");
  }

  @Test
  void aSignalUrlGivenAsTheEndpointIsTakenAsItsBase() {
    assertThat(VoiceLogOtel.builder().endpoint("http://collector:4318/v1/traces").endpoint.metrics())
        .isEqualTo("http://collector:4318/v1/metrics");
    assertThat(VoiceLogOtel.builder().endpoint("http://gateway/otlp/").endpoint.traces())
        .isEqualTo("http://gateway/otlp/v1/traces");
  }

  @Test
  void aBadHeaderListNamesTheVariableAndEntryButNeverShowsAValue() {
    assertThatThrownBy(() -> VoiceLogOtel.builder().fromEnvironment(
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20sk-secret-1,sk-secret-2")))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS")
        .hasMessageContaining("entry 2 of 2")
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> VoiceLogOtel.builder().fromEnvironment(
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=sk-secret-3%zz")))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("authorization")
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> VoiceLogOtel.builder().header("x-api-key", "sk-secret-4\r\nX-Evil: 1"))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("x-api-key")
        .hasMessageNotContaining("sk-secret");
  }

  @Test
  void aHeaderWrittenWithAColonIsRejectedWithoutTheKeyThatFollowsIt() {
    // "name: value" instead of name=value: the first '=' is the key's base64 padding, so everything before it,
    // the key included, would be taken for the header's name
    assertThatThrownBy(() -> VoiceLogOtel.builder().fromEnvironment(
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key: c2stc2VjcmV0LTU=")))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS")
        .hasMessageContaining("entry 1 of 1")
        .hasMessageNotContaining("c2stc2VjcmV0LTU");
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsRejectedWithoutItsCredentials() {
    assertThatThrownBy(() -> VoiceLogOtel.builder().fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT")
        .hasMessageContaining("http");
    assertThatThrownBy(() -> VoiceLogOtel.builder().endpoint("ftp://user:hunter2@collector/"))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("endpoint")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> VoiceLogOtel.builder().endpoint("http://collector:4318/?key=hunter2"))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageNotContaining("hunter2");
    assertThat(OtlpEndpoint.parse("endpoint", "https://user:hunter2@collector:4318").toString())
        .isEqualTo("https://collector:4318");
    assertThatThrownBy(() -> VoiceLogOtel.builder().endpoint("sk-proj-hunter2"))
        .as("a key pasted into the endpoint looks like a host name").hasMessageNotContaining("hunter2")
        .hasMessageContaining("a value with no scheme, not shown");
    assertThatThrownBy(() -> VoiceLogOtel.builder().endpoint("user:hunter2@collector"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> VoiceLogOtel.builder().endpoint("api-key=hunter2"))
        .as("a header pasted into the endpoint").hasMessageNotContaining("hunter2");
  }

  @Test
  void contentCaptureAcceptsTheGenAiValuesAndRejectsOthers() {
    assertThat(OtelEnvironment.captureContent("true")).isTrue();
    assertThat(OtelEnvironment.captureContent("span_and_event")).isTrue();
    assertThat(OtelEnvironment.captureContent("NO_CONTENT")).isFalse();
    assertThat(OtelEnvironment.captureContent("EVENT_ONLY")).isFalse();
    assertThatThrownBy(() -> OtelEnvironment.captureContent("maybe"))
        .isInstanceOf(VoiceLogConfigException.class)
        .hasMessageContaining("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT")
        .hasMessageContaining("SPAN_ONLY");
  }

  @Test
  void settingsOutsideTheirRangeNameTheSetting() {
    assertThatThrownBy(() -> VoiceLogOtel.builder().maxQueueSize(0)).hasMessageContaining("maxQueueSize");
    assertThatThrownBy(() -> VoiceLogOtel.builder().exportTimeout(Duration.ZERO)).hasMessageContaining("exportTimeout");
    assertThatThrownBy(() -> VoiceLogOtel.builder().scheduleDelay(Duration.ofMillis(-1))).hasMessageContaining("scheduleDelay");
    assertThatThrownBy(() -> VoiceLogOtel.builder().closeTimeout(Duration.ofMillis(-1))).hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> VoiceLogOtel.builder().serviceName(" ")).hasMessageContaining("serviceName");
    assertThatThrownBy(() -> VoiceLogOtel.builder().header("bad name", "v")).hasMessageContaining("bad name");
  }
}
