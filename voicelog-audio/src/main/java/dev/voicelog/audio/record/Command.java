package dev.voicelog.audio.record;

import dev.voicelog.audio.format.AudioFormat;
import java.util.concurrent.CountDownLatch;

/** What the callers' threads hand the recorder thread, in order. */
sealed interface Command {
  /** Audio for one channel, to be placed starting at {@code startNanos}. */
  record Frame(int channel, byte[] audio, AudioFormat format, long startNanos) implements Command {}

  /** The agent's audio is cut at {@code atNanos}: nothing from there on was played. */
  record Cut(long atNanos) implements Command {}

  /** Write everything up to the horizon now; count down when done. */
  record Flush(CountDownLatch done) implements Command {}

  /** End of the recording at {@code atNanos}. */
  record Close(long atNanos) implements Command {}
}
