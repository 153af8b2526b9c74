package dev.voicelog;

/**
 * One preallocated entry of the {@link RingBuffer}: everything the writer needs to encode a line, copied
 * by the caller. Its data array grows to the largest event it has carried and is then reused, so a steady
 * stream of events allocates nothing. Written by exactly one producer between claim and publish, read by
 * the writer after publish (the ring's release/acquire on {@code published} orders the plain fields).
 */
final class Slot {
  /** The ring sequence this slot last carried; the writer reads a slot only once this equals its sequence. */
  volatile long published = -1;

  Session session;
  EventType type;
  String customType;
  long seq;
  long tMicros;
  int turn;
  /** Only for EVENTS_DROPPED lines the writer makes itself: the count they report. */
  long droppedCount;
  byte[] data = new byte[256];
  int dataLen;

  void setData(byte[] src, int len) {
    if (data.length < len) {
      data = new byte[Math.max(len, data.length * 2)];
    }
    System.arraycopy(src, 0, data, 0, len);
    dataLen = len;
  }
}
