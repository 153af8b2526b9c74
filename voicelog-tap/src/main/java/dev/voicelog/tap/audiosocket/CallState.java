package dev.voicelog.tap.audiosocket;

import dev.voicelog.tap.call.CallAudio;
import dev.voicelog.tap.relay.Direction;

/**
 * What the AudioSocket interceptors of one connection share: a {@link FrameReader} per direction (each
 * used only by its direction's thread), the last audio kind of each direction (a line is logged when it
 * changes), and the call's audio.
 */
final class CallState {
  final CallAudio audio;
  private final FrameReader fromAsterisk = new FrameReader();
  private final FrameReader fromAgent = new FrameReader();
  private volatile int asteriskKind = -1;
  private volatile int agentKind = -1;

  CallState(CallAudio audio) {
    this.audio = audio;
  }

  /** The reader of a direction; only that direction's thread may use it. */
  FrameReader reader(Direction d) {
    return d == Direction.CLIENT_TO_UPSTREAM ? fromAsterisk : fromAgent;
  }

  /** Records the audio kind of a direction's frame; true when it is the first or differs from the last. */
  boolean audioKindChanged(Direction d, int kind) {
    if (d == Direction.CLIENT_TO_UPSTREAM) {
      boolean changed = asteriskKind != kind;
      asteriskKind = kind;
      return changed;
    }
    boolean changed = agentKind != kind;
    agentKind = kind;
    return changed;
  }
}
