package dev.voicelog.analysis.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import dev.voicelog.Redaction;
import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.analysis.Aggregates;
import dev.voicelog.analysis.Analysis;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.EventRef;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import dev.voicelog.testing.ManualClock;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one JSON of the analysis (docs/cli-json.md), on a call written by the real logger. */
class AnalysisJsonTest {
  static final String SAID = "What time is it?";
  static final String REPLY = "It is noon.";
  static final String SPOKEN_FIELD = "hello there";

  @TempDir Path dir;

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static JsonNode parse(String json) throws IOException {
    return new ObjectMapper().readTree(json);
  }

  /** One call: the user asks, the agent answers, a tool runs, the user barges in; voice_to_voice 1.15 s. */
  Conversation call(Redaction redaction) throws IOException {
    Path logs = Files.createDirectories(dir.resolve(redaction.name()));
    ManualClock clock = ManualClock.at("2026-11-21T10:00:00Z");
    VoiceLog log = VoiceLog.builder().directory(logs).rotation(Rotation.NONE).redaction(redaction)
        .monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    try {
      Session s = log.startSession("call-1", Map.of("provider", "deepgram", "transcript", SPOKEN_FIELD));
      s.nextTurn();
      Object[][] script = { // milliseconds after the previous event, type, and a data field
          {1000, EventType.USER_SPEECH_START}, {1000, EventType.USER_SPEECH_END}, {50, EventType.STT_START},
          {250, EventType.STT_COMPLETE, "transcript", SAID}, {10, EventType.LLM_REQUEST},
          {290, EventType.LLM_FIRST_TOKEN}, {300, EventType.TTS_START, "text", REPLY},
          {200, EventType.TTS_FIRST_AUDIO}, {50, EventType.TTS_PLAYBACK_START},
          {850, EventType.TTS_PLAYBACK_INTERRUPTED, "played_ms", 850}};
      for (Object[] step : script) {
        clock.advanceMillis((Integer) step[0]);
        EventBuilder e = s.event((EventType) step[1]);
        if (step.length > 2) {
          e.put((String) step[2], step[3]);
        }
        e.log();
      }
      s.end();
    } finally {
      log.close();
    }
    AnalysisOptions slow = AnalysisOptions.builder().slowThreshold(Duration.ofSeconds(1)).build();
    Analysis.Result r = Analysis.conversations(List.of(logs), slow, LogReader.create());
    assertThat(r.conversations()).hasSize(1);
    return r.conversations().get(0);
  }

  @Test
  void aConversationIsWrittenInTheDocumentedSchema() throws IOException {
    Conversation c = call(Redaction.NONE);
    String text = write(g -> AnalysisJson.create().conversation(g, c));
    JsonNode j = parse(text);
    assertThat(j.path("id").asText()).isEqualTo("call-1");
    assertThat(j.path("session_ids")).extracting(JsonNode::asText).containsExactly("call-1");
    assertThat(j.path("format").asText()).isEqualTo("native");
    assertThat(j.path("start").asText()).isEqualTo("2026-11-21T10:00:00.000000Z");
    assertThat(j.path("ended").asBoolean()).isTrue();
    assertThat(j.path("lost_events").asLong()).isZero();
    assertThat(j.path("fields").path("provider").asText()).isEqualTo("deepgram");
    assertThat(j.path("anomalies").isArray()).isTrue();

    JsonNode t = j.path("turns").get(0);
    assertThat(text).as("seconds with six decimals, from whole microseconds")
        .contains("\"start\":1.000000,").contains("\"voice_to_voice\":1.150000").contains("\"played\":0.850000");
    assertThat(t.path("number").asInt()).isEqualTo(1);
    assertThat(t.path("user").path("text").asText()).isEqualTo(SAID);
    assertThat(t.path("user").path("no_speech").asBoolean()).isFalse();
    assertThat(t.path("agent").path("text").asText()).isEqualTo(REPLY);
    assertThat(t.path("interrupted").asBoolean()).isTrue();
    assertThat(t.path("metrics").has("recording_duration")).as("not reported: absent, never null").isFalse();
    long waterfall = 0;
    for (JsonNode s : t.path("waterfall")) {
      waterfall += Math.round(s.path("seconds").asDouble() * 1e6);
    }
    assertThat(waterfall).isEqualTo(1_150_000);
    JsonNode tts = t.path("milestones").path("TTS_START");
    assertThat(tts.path("type").asText()).isEqualTo("TTS_START");
    assertThat(tts.path("seq").asLong()).isEqualTo(c.turns().get(0).milestone(EventType.TTS_START).seq());
    JsonNode slow = t.path("anomalies").get(0);
    assertThat(slow.path("kind").asText()).as("enumerations in lower case").isEqualTo("slow_turn");
    assertThat(slow.path("turn").asInt()).isEqualTo(1);
    assertThat(slow.path("metric").asText()).isEqualTo("voice_to_voice");
    assertThat(slow.path("seconds").asDouble()).isEqualTo(1.15);
    assertThat(slow.path("message").asText()).isNotEmpty();
  }

  @Test
  void theLoggersRedactionIsWrittenAsRedactedWithItsLengthAndHash() throws IOException {
    Conversation c = call(Redaction.TEXT);
    String text = write(g -> AnalysisJson.create().conversation(g, c));
    JsonNode said = parse(text).path("turns").get(0).path("user").path("text");
    assertThat(said.path("redacted").asBoolean()).isTrue();
    assertThat(said.path("length").asLong()).isEqualTo(SAID.length());
    assertThat(said.path("hash").asText()).matches("[0-9a-f]{8}");
    JsonNode field = parse(text).path("fields").path("transcript");
    assertThat(field.path("redacted").asBoolean()).as("a redacted field too").isTrue();
    assertThat(field.path("length").asLong()).isEqualTo(SPOKEN_FIELD.length());
    assertThat(text).doesNotContain(SAID).doesNotContain("[redacted len=");
  }

  @Test
  void withoutTranscriptsNoSpokenTextIsWrittenOnlyItsLength() throws IOException {
    Conversation c = call(Redaction.NONE);
    AnalysisJson json = AnalysisJson.builder().transcripts(false).build();
    String text = write(g -> json.conversation(g, c));
    assertThat(text).doesNotContain(SAID).doesNotContain(REPLY).doesNotContain(SPOKEN_FIELD);
    JsonNode j = parse(text);
    JsonNode said = j.path("turns").get(0).path("user").path("text");
    assertThat(said.path("redacted").asBoolean()).isTrue();
    assertThat(said.path("length").asLong()).isEqualTo(SAID.length());
    assertThat(said.has("hash")).as("no hash: nothing redacted it but this writer").isFalse();
    assertThat(j.path("turns").get(0).path("agent").path("text").path("length").asLong()).isEqualTo(REPLY.length());
    assertThat(j.path("fields").has("provider")).isTrue();
    assertThat(j.path("fields").has("transcript")).isFalse();
    assertThat(json.fields(c)).containsOnlyKeys("provider");
    assertThat(AnalysisJson.create().fields(c)).containsKeys("provider", "transcript");
  }

  @Test
  void callersAddTheirOwnFieldsToAConversationAndToEachTurn() throws IOException {
    Conversation c = call(Redaction.NONE);
    AnalysisJson json = AnalysisJson.create();
    JsonNode j = parse(write(g -> {
      g.writeStartObject();
      json.conversationFields(g, c, (o, turn) -> {
        o.writeStartObject();
        json.turnFields(o, turn);
        o.writeNumberField("event_count", turn.events().size());
        o.writeEndObject();
      });
      g.writeStringField("recording", "call-1.wav");
      g.writeEndObject();
    }));
    assertThat(j.path("recording").asText()).isEqualTo("call-1.wav");
    assertThat(j.path("turns").get(0).path("event_count").asInt()).isEqualTo(c.turns().get(0).events().size());
    assertThat(j.path("turns").get(0).path("number").asInt()).as("and the shared fields").isEqualTo(1);
  }

  @Test
  void problemsAndEventReferencesAreWrittenExactlyAsDocumented() {
    AnalysisJson json = AnalysisJson.create();
    assertThat(write(g -> json.problem(g, new Problem("logs/a.jsonl", 62, Problem.Kind.SEQ_GAP, 2, "2 events lost"))))
        .isEqualTo("{\"file\":\"logs/a.jsonl\",\"line\":62,\"kind\":\"seq_gap\",\"count\":2,\"message\":\"2 events lost\"}");
    LogEvent withSeq = LogEvent.of("s", "TTS_START", 17, 8_710_000, LogEvent.NO_TIMESTAMP, 0, Map.of());
    LogEvent withoutSeq = LogEvent.of("s", "response.created", 0, 1_500, LogEvent.NO_TIMESTAMP, 0, Map.of());
    assertThat(write(g -> json.eventRef(g, EventRef.of(withSeq))))
        .isEqualTo("{\"type\":\"TTS_START\",\"seq\":17,\"t\":8.710000}");
    assertThat(write(g -> json.eventRef(g, EventRef.of(withoutSeq))))
        .as("seq null when the line had none").isEqualTo("{\"type\":\"response.created\",\"seq\":null,\"t\":0.001500}");
  }

  @Test
  void aggregatesAreWrittenByMetricAndByGroup() throws IOException {
    Conversation c = call(Redaction.NONE);
    Aggregates a = Aggregates.builder("provider").add(c).build();
    JsonNode j = parse(write(g -> {
      g.writeStartObject();
      AnalysisJson.create().aggregatesFields(g, a);
      g.writeEndObject();
    }));
    assertThat(j.path("conversations").asLong()).isEqualTo(1);
    assertThat(j.path("turns").asLong()).isEqualTo(1);
    JsonNode v2v = j.path("metrics").path("voice_to_voice");
    assertThat(v2v.path("count").asLong()).isEqualTo(1);
    for (String k : List.of("mean", "min", "p50", "p90", "p95", "p99", "max")) {
      assertThat(v2v.path(k).asDouble()).as(k).isEqualTo(1.15);
    }
    assertThat(j.path("by").asText()).isEqualTo("provider");
    assertThat(j.path("groups").get(0).path("value").asText()).isEqualTo("deepgram");
    assertThat(j.path("groups").get(0).path("metrics").path("ttfa").path("p50").asDouble()).isEqualTo(0.2);
    assertThat(parse(write(g -> {
      g.writeStartObject();
      AnalysisJson.create().aggregatesFields(g, Aggregates.builder(null).build());
      g.writeEndObject();
    })).path("by").isNull()).as("not grouped: by is null").isTrue();
  }

  @Test
  void durationsAreExactSecondsAndLogValuesKeepTheirTypes() {
    assertThat(write(g -> AnalysisJson.seconds(g, 812_000L))).isEqualTo("0.812000");
    assertThat(write(g -> AnalysisJson.seconds(g, 1_234_567.6))).as("rounded to the microsecond").isEqualTo("1.234568");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("n", 3L);
    data.put("x", 0.25);
    data.put("nan", Double.NaN);
    data.put("ok", true);
    data.put("none", null);
    data.put("list", new ArrayList<>(List.of("a", 1L)));
    data.put("big", new java.math.BigDecimal("1e400"));
    assertThat(write(g -> AnalysisJson.value(g, data)))
        .isEqualTo("{\"n\":3,\"x\":0.25,\"nan\":null,\"ok\":true,\"none\":null,\"list\":[\"a\",1],\"big\":1E+400}");
    assertThat(AnalysisJson.name(Problem.Kind.TORN_LAST_LINE)).isEqualTo("torn_last_line");
  }
}
