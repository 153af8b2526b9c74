package dev.voicelog.tap.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How a simulated peer tells a test it has handled a message, and how much it sent back: the test waits
 * for that before it moves its manual clock, so every moment of a call is known.
 */
public final class LockStep {
  private final BlockingQueue<Integer> acks = new LinkedBlockingQueue<>();

  /** The peer handled a message and sent {@code n} messages (or bytes) back. */
  public void handled(int n) {
    acks.add(n);
  }

  /** Waits (up to 10 s) until the peer handled the next message; returns what it sent back. */
  public int ack() {
    try {
      Integer n = acks.poll(10, TimeUnit.SECONDS);
      if (n == null) {
        throw new AssertionError("the peer did not handle a message within 10 s");
      }
      return n;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
