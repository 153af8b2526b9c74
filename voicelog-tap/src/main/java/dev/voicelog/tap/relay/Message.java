package dev.voicelog.tap.relay;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One whole WebSocket message passing through a relay, text or binary, exactly as it arrived: the relay
 * forwards these bytes unchanged whatever the interceptors do with them.
 *
 * <p>Interceptors of one tap usually need the same interpretation of a message (a parsed JSON event, say).
 * The first one to make it {@link #attach attaches} it; the others find it with {@link #attachment}, so a
 * message is parsed once however many interceptors look at it.
 *
 * <p><b>Thread safety.</b> A message belongs to the one thread that runs its chain; it is not shared.
 */
public final class Message {
  private final Direction direction;
  private final String text;
  private final ByteBuffer binary;
  private final long receivedNanos;
  private Object attachment;

  private Message(Direction direction, String text, ByteBuffer binary, long receivedNanos) {
    this.direction = Objects.requireNonNull(direction, "direction");
    this.text = text;
    this.binary = binary;
    this.receivedNanos = receivedNanos;
  }

  /** A text message received at {@code receivedNanos} (the log's monotonic clock). */
  public static Message text(Direction direction, String text, long receivedNanos) {
    return new Message(direction, Objects.requireNonNull(text, "text"), null, receivedNanos);
  }

  /** A binary message received at {@code receivedNanos}; the buffer is used as given (not copied). */
  public static Message binary(Direction direction, ByteBuffer data, long receivedNanos) {
    return new Message(direction, null, Objects.requireNonNull(data, "data").asReadOnlyBuffer(), receivedNanos);
  }

  /** Which way it goes. */
  public Direction direction() {
    return direction;
  }

  /** Whether this is a text message (else binary). */
  public boolean isText() {
    return text != null;
  }

  /** The text, or null for a binary message. */
  public String text() {
    return text;
  }

  /** A read-only view of the bytes of a binary message (a fresh view each call), or null for text. */
  public ByteBuffer binary() {
    return binary == null ? null : binary.duplicate();
  }

  /** Chars of a text message, bytes of a binary one. */
  public int size() {
    return text != null ? text.length() : binary.remaining();
  }

  /** When the relay had the whole message, by the log's monotonic clock. */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** The interpretation an interceptor attached, if it is of {@code type}; else null. */
  public <T> T attachment(Class<T> type) {
    return type.isInstance(attachment) ? type.cast(attachment) : null;
  }

  /** Attaches an interpretation of this message for the interceptors after this one. */
  public void attach(Object attachment) {
    this.attachment = attachment;
  }
}
