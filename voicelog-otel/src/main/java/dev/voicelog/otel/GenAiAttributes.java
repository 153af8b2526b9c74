package dev.voicelog.otel;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The OpenTelemetry GenAI semantic convention names voicelog uses (Development status, as of semconv 1.43).
 * They are spelled here rather than taken from {@code opentelemetry-semconv-incubating}: from 1.43 its GenAI
 * constants are deprecated, the conventions having moved to the semantic-conventions-genai repository, which
 * publishes no Java constants. The names themselves are unchanged. Constants only; thread-safe.
 */
public final class GenAiAttributes {
  /** The conversation (session, thread) the span belongs to. */
  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");
  /** The operation: {@link #CHAT}, {@link #EXECUTE_TOOL}. */
  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  /** The model asked for. */
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  /** The provider ({@code openai}, {@code deepgram}, ...). */
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  /** Tokens in the model's input. */
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  /** Tokens in the model's output. */
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  /** Seconds from the request to the first chunk of a streamed response. */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK = doubleKey("gen_ai.response.time_to_first_chunk");
  /** The tool's name. */
  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");
  /** The tool call's id. */
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");

  /** {@link #OPERATION_NAME} of a chat completion. */
  public static final String CHAT = "chat";
  /** {@link #OPERATION_NAME} of a tool's execution. */
  public static final String EXECUTE_TOOL = "execute_tool";
  /** {@link #PROVIDER_NAME} of OpenAI. */
  public static final String OPENAI = "openai";

  private GenAiAttributes() {}
}
