package dev.voicelog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-producer, single-consumer queue of preallocated {@link Slot}s, after the LMAX Disruptor.
 *
 * <p>Producers claim a sequence with one CAS on {@code claimed}, fill the slot and publish it by a release
 * store of its sequence into {@link Slot#published}. The single consumer (the writer thread) reads slots in
 * sequence order, waits for each to be published, and tells producers how far it got through
 * {@code consumed}. A producer reads {@code consumed} only when its cached copy says the ring might be full,
 * so the steady state costs one CAS and one volatile store per event, and no allocation.
 */
final class RingBuffer {
  private final Slot[] slots;
  private final int mask;
  final int capacity;

  // Padded so the producers' CAS and the consumer's store do not share a cache line.
  @SuppressWarnings("unused")
  private long p01, p02, p03, p04, p05, p06, p07;
  private final AtomicLong claimed = new AtomicLong(-1);
  @SuppressWarnings("unused")
  private long p11, p12, p13, p14, p15, p16, p17;
  private volatile long consumed = -1;
  @SuppressWarnings("unused")
  private long p21, p22, p23, p24, p25, p26, p27;
  /** A producer's possibly stale copy of {@code consumed}; a stale value only makes it look again. */
  private long cachedConsumed = -1;

  RingBuffer(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.slots = new Slot[capacity];
    for (int i = 0; i < capacity; i++) {
      slots[i] = new Slot();
    }
  }

  /** Claims the next sequence, or returns -1 when the ring is full. Lock-free; never blocks. */
  long tryClaim() {
    while (true) {
      long current = claimed.get();
      long next = current + 1;
      if (next - capacity > cachedConsumed) {
        cachedConsumed = consumed;
        if (next - capacity > cachedConsumed) {
          return -1;
        }
      }
      if (claimed.compareAndSet(current, next)) {
        return next;
      }
    }
  }

  Slot slot(long sequence) {
    return slots[(int) sequence & mask];
  }

  void publish(long sequence) {
    slots[(int) sequence & mask].published = sequence;
  }

  /** The slot of {@code sequence} if its producer has published it, else null. Consumer only. */
  Slot published(long sequence) {
    Slot s = slots[(int) sequence & mask];
    return s.published == sequence ? s : null;
  }

  /** The consumer is done with every slot up to and including {@code sequence}. Consumer only. */
  void release(long sequence) {
    consumed = sequence;
  }

  long lastClaimed() {
    return claimed.get();
  }

  long lastConsumed() {
    return consumed;
  }

  /** Events claimed but not yet released: an estimate, exact when producers are quiet. */
  long backlog() {
    return claimed.get() - consumed;
  }
}
