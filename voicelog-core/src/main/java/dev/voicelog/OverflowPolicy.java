package dev.voicelog;

/** What a caller's thread does when the logger's queue is full. Immutable and thread-safe. */
public enum OverflowPolicy {
  /**
   * The event is dropped and counted; the caller never waits (the default). The session's {@code seq} still
   * advances, so the gap in the written lines shows where, and an {@code EVENTS_DROPPED} line with the count
   * is written as soon as there is room.
   */
  DROP,
  /** The caller waits until the writer has made room. Nothing is dropped, but an audio thread may stall. */
  BLOCK
}
