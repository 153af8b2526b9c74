package dev.voicelog.tap.audiosocket;

import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.tap.call.CallInterceptor;
import dev.voicelog.tap.relay.Chain;

/**
 * The audio frames of the call: Asterisk's (the caller, placed by arrival: AudioSocket has no timestamps)
 * and the agent's (played in real time from arrival), in the format their kind says (slin at 8 to
 * 192 kHz), into the call's {@code CallAudio}, in {@link CallInterceptor}'s order.
 */
final class AudioSocketAudio implements CallInterceptor.Handler {
  private final CallState state;

  AudioSocketAudio(CallState state) {
    this.state = state;
  }

  @Override
  public void handle(Chain chain, boolean fromAsterisk) {
    long at = chain.message().receivedNanos();
    for (Frame f : Frames.of(chain.message(), state).frames) {
      if (!Kinds.isAudio(f.kind())) {
        continue;
      }
      AudioFormat format = AudioFormat.audioSocket(f.kind());
      byte[] p = f.payload();
      if (fromAsterisk) {
        state.audio.callerArrived(p, 0, p.length, format, at);
      } else {
        state.audio.agent(p, 0, p.length, format, at);
      }
    }
  }
}
