package dev.voicelog.tap.realtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.Redaction;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.audio.format.AudioFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a Realtime session's log says about the session itself, for {@code voicelog summary}: everything
 * seeds/002's analyzer printed (model, formats with sample rate and encoding, turn detection, transcription
 * model, conversation items with role and transcript) and more (voice, per-response token usage and totals,
 * the last rate limits, errors, audio chunk counts). Turns and latency are not here: they are the turn
 * assembler's, computed from the same events.
 *
 * <p>Fed one event at a time, in order, as {@code (type, data)}: the proxy's native lines (the event's
 * fields in {@code data}) and seeds/002's lines ({@code event_data}) alike. Not thread-safe.
 */
public final class RealtimeSummary {
  /** How a rate limit of {@code rate_limits.updated} is read: as the object it is. */
  private static final TypeReference<Map<String, Object>> RATE_LIMIT = new TypeReference<>() {};

  private SessionConfig config;
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final List<Response> responses = new ArrayList<>();
  private final List<Map<String, Object>> rateLimits = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private long inChunks;
  private long inBytes;
  private double inMs;
  private long outChunks;
  private long outBytes;
  private double outMs;

  /** A conversation item: who said it and what (the transcript as last known). Mutable, confined to the summary. */
  private static final class Item {
    final String id;
    String role;
    String type;
    String text;

    Item(String id) {
      this.id = id;
    }
  }

  /** One {@code response.done}: its status and token usage. Immutable and thread-safe. */
  public record Response(String id, String status, long inputTokens, long outputTokens, long inputText, long inputAudio,
      long inputCached, long outputText, long outputAudio) {}

  /** Takes one event. Types it does not know are ignored. */
  public void accept(String type, Map<String, ?> data) {
    if (type == null || data == null) {
      return;
    }
    JsonNode d = RealtimeEvent.JSON.valueToTree(data);
    switch (type) {
      case RealtimeTypes.SESSION_CREATED, RealtimeTypes.SESSION_UPDATED ->
          config = SessionConfig.parse(d.get("session"), config == null ? SessionConfig.DEFAULT : config);
      case "conversation.item.created", "conversation.item.added", "conversation.item.done" -> item(d.path("item"));
      case "conversation.item.input_audio_transcription.completed" -> {
        Item i = item(d.path("item_id").asText());
        i.text = d.path("transcript").asText(null);
        if (i.role == null) {
          i.role = "user"; // input audio is the user's
        }
      }
      case "response.audio_transcript.done", "response.output_audio_transcript.done" -> {
        Item i = item(d.path("item_id").asText());
        i.text = d.path("transcript").asText(null);
        if (i.role == null) {
          i.role = "assistant";
        }
      }
      case "response.text.done", "response.output_text.done" -> {
        Item i = item(d.path("item_id").asText());
        i.text = d.path("text").asText(null);
        if (i.role == null) {
          i.role = "assistant";
        }
      }
      case RealtimeTypes.RESPONSE_DONE -> response(d.path("response"));
      case "rate_limits.updated" -> {
        rateLimits.clear();
        for (JsonNode l : d.path("rate_limits")) {
          rateLimits.add(RealtimeEvent.JSON.convertValue(l, RATE_LIMIT));
        }
      }
      case RealtimeTypes.ERROR -> {
        JsonNode e = d.path("error");
        errors.add(e.path("type").asText("error") + (e.hasNonNull("code") ? " " + e.path("code").asText() : "") + ": "
            + e.path("message").asText(""));
      }
      case "ERROR" -> errors.add("(" + d.path("source").asText("voicelog") + ") " + d.path("error").asText(""));
      case "AUDIO_STATS" -> {
        inChunks += d.path("in_chunks").asLong();
        inBytes += d.path("in_bytes").asLong();
        inMs += d.path("in_ms").asDouble();
        outChunks += d.path("out_chunks").asLong();
        outBytes += d.path("out_bytes").asLong();
        outMs += d.path("out_ms").asDouble();
      }
      default -> { }
    }
  }

  /**
   * The item of this id, new on first sight. An event without an id (a client or server that leaves it out)
   * is an item of its own: it cannot be told apart from any other, so it is never merged into one.
   */
  private Item item(String id) {
    if (id == null || id.isEmpty()) {
      Item anonymous = new Item(null);
      items.put("\0" + items.size(), anonymous); // ids are JSON strings from the wire; none starts with NUL
      return anonymous;
    }
    return items.computeIfAbsent(id, Item::new);
  }

  private void item(JsonNode node) {
    if (!node.isObject()) {
      return;
    }
    Item i = item(node.path("id").asText());
    if (node.hasNonNull("role")) {
      i.role = node.path("role").asText();
    }
    i.type = node.path("type").asText(i.type);
    for (JsonNode c : node.path("content")) {
      String text = c.hasNonNull("transcript") ? c.path("transcript").asText() : c.hasNonNull("text") ? c.path("text").asText() : null;
      if (text != null) {
        i.text = text;
      }
    }
  }

  private void response(JsonNode r) {
    JsonNode u = r.path("usage");
    responses.add(new Response(r.path("id").asText(null), r.path("status").asText(null), u.path("input_tokens").asLong(),
        u.path("output_tokens").asLong(), u.path("input_token_details").path("text_tokens").asLong(),
        u.path("input_token_details").path("audio_tokens").asLong(), u.path("input_token_details").path("cached_tokens").asLong(),
        u.path("output_token_details").path("text_tokens").asLong(), u.path("output_token_details").path("audio_tokens").asLong()));
    for (JsonNode out : r.path("output")) {
      item(out);
    }
  }

  /** Whether any Realtime event was seen (a session of another kind gives an empty summary). */
  public boolean isEmpty() {
    return config == null && items.isEmpty() && responses.isEmpty() && errors.isEmpty();
  }

  /** The configuration last in force, or null when the log has no session.created / updated. */
  public SessionConfig config() {
    return config;
  }

  /** The responses, in order. */
  public List<Response> responses() {
    return List.copyOf(responses);
  }

  /** Errors, as one line each. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Writes the summary as indented text. */
  public void render(PrintWriter w, String indent) {
    if (config != null) {
      TurnDetection td = config.turnDetection();
      w.println(indent + "Realtime API (" + config.api() + "): model " + orNone(config.model()) + ", voice " + orNone(config.voice()));
      w.println(indent + "  input audio:   " + SessionConfig.describe(config.input()));
      w.println(indent + "  output audio:  " + SessionConfig.describe(config.output()));
      w.println(indent + "  turn detection: " + td);
      w.println(indent + "  transcription: " + orNone(config.transcriptionModel()));
    }
    if (inChunks + outChunks > 0) {
      w.println(String.format(Locale.ROOT, "%s  audio in:  %d chunks, %d bytes, %.2f s", indent, inChunks, inBytes, inMs / 1000));
      w.println(String.format(Locale.ROOT, "%s  audio out: %d chunks, %d bytes, %.2f s", indent, outChunks, outBytes, outMs / 1000));
    }
    if (!items.isEmpty()) {
      w.println(indent + "  conversation items: " + items.size());
      for (Item i : items.values()) {
        String text = i.text == null ? "" : Redaction.isRedactedValue(i.text) ? "[redacted]" : i.text;
        w.println(indent + "    " + (i.role == null ? i.type == null ? "item" : i.type : i.role) + ": " + text);
      }
    }
    if (!responses.isEmpty()) {
      w.println(indent + "  responses: " + responses.size());
      long[] total = new long[7];
      for (Response r : responses) {
        w.println(String.format(Locale.ROOT, "%s    %s %s: input %d (text %d, audio %d, cached %d), output %d (text %d, audio %d)",
            indent, r.id(), orNone(r.status()), r.inputTokens(), r.inputText(), r.inputAudio(), r.inputCached(),
            r.outputTokens(), r.outputText(), r.outputAudio()));
        long[] v = {r.inputTokens(), r.inputText(), r.inputAudio(), r.inputCached(), r.outputTokens(), r.outputText(), r.outputAudio()};
        for (int k = 0; k < total.length; k++) {
          total[k] += v[k];
        }
      }
      w.println(String.format(Locale.ROOT, "%s    total: input %d (text %d, audio %d, cached %d), output %d (text %d, audio %d)",
          indent, total[0], total[1], total[2], total[3], total[4], total[5], total[6]));
    }
    if (!rateLimits.isEmpty()) {
      StringBuilder s = new StringBuilder(indent + "  rate limits:");
      for (Map<String, Object> l : rateLimits) {
        s.append(' ').append(l.get("name")).append(' ').append(l.get("remaining")).append('/').append(l.get("limit"))
            .append(" (reset ").append(l.get("reset_seconds")).append(" s)");
      }
      w.println(s);
    }
    if (!errors.isEmpty()) {
      w.println(indent + "  errors: " + errors.size());
      for (String e : errors) {
        w.println(indent + "    " + e);
      }
    }
  }

  /**
   * Writes the same facts as {@link #render} as one JSON object (the {@code realtime} object of
   * {@code voicelog summary --format json}, docs/cli-json.md). Transcripts go through {@code json}, so they
   * are hidden or shown as redacted exactly as the turns' are; audio seconds are numbers.
   */
  public void writeJson(JsonGenerator g, AnalysisJson json) throws IOException {
    g.writeStartObject();
    if (config != null) {
      g.writeStringField("api", config.api());
      g.writeStringField("model", config.model());
      g.writeStringField("voice", config.voice());
      format(g, "input_format", config.input());
      format(g, "output_format", config.output());
      TurnDetection td = config.turnDetection();
      g.writeObjectFieldStart("turn_detection");
      g.writeStringField("type", td.type());
      if (!Double.isNaN(td.threshold())) {
        g.writeNumberField("threshold", td.threshold());
      }
      g.writeNumberField("prefix_padding_ms", td.prefixPaddingMs());
      g.writeNumberField("silence_duration_ms", td.silenceDurationMs());
      g.writeStringField("eagerness", td.eagerness());
      g.writeEndObject();
      g.writeStringField("transcription_model", config.transcriptionModel());
    }
    g.writeObjectFieldStart("audio");
    g.writeNumberField("in_chunks", inChunks);
    g.writeNumberField("in_bytes", inBytes);
    g.writeNumberField("in_seconds", inMs / 1000);
    g.writeNumberField("out_chunks", outChunks);
    g.writeNumberField("out_bytes", outBytes);
    g.writeNumberField("out_seconds", outMs / 1000);
    g.writeEndObject();
    g.writeArrayFieldStart("items");
    for (Item i : items.values()) {
      g.writeStartObject();
      g.writeStringField("id", i.id);
      g.writeStringField("role", i.role);
      g.writeStringField("type", i.type);
      if (i.text != null) {
        g.writeFieldName("text");
        json.transcript(g, i.text);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    long[] total = new long[7];
    g.writeArrayFieldStart("responses");
    for (Response r : responses) {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("status", r.status());
      long[] v = {r.inputTokens(), r.inputText(), r.inputAudio(), r.inputCached(), r.outputTokens(), r.outputText(), r.outputAudio()};
      usage(g, v);
      for (int k = 0; k < total.length; k++) {
        total[k] += v[k];
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("total");
    usage(g, total);
    g.writeEndObject();
    g.writeArrayFieldStart("rate_limits");
    for (Map<String, Object> l : rateLimits) {
      AnalysisJson.value(g, l);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("errors");
    for (String e : errors) {
      g.writeString(e);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code "usage": {input_tokens, input_text_tokens, ...}} of the seven counts in render's order. */
  private static void usage(JsonGenerator g, long[] v) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input_tokens", v[0]);
    g.writeNumberField("input_text_tokens", v[1]);
    g.writeNumberField("input_audio_tokens", v[2]);
    g.writeNumberField("input_cached_tokens", v[3]);
    g.writeNumberField("output_tokens", v[4]);
    g.writeNumberField("output_text_tokens", v[5]);
    g.writeNumberField("output_audio_tokens", v[6]);
    g.writeEndObject();
  }

  private static void format(JsonGenerator g, String field, AudioFormat f) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("encoding", f.encoding().id());
    g.writeNumberField("sample_rate", f.sampleRate());
    g.writeStringField("description", SessionConfig.describe(f));
    g.writeEndObject();
  }

  private static String orNone(String s) {
    return s == null ? "none" : s;
  }
}
