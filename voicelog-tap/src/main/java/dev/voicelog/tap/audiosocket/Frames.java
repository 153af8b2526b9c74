package dev.voicelog.tap.audiosocket;

import dev.voicelog.tap.relay.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames (and framing problems) one read of the stream completed, attached to its {@link Message}: the
 * first AudioSocket interceptor to ask reads the chunk with its direction's {@link FrameReader}; the
 * others find the result attached, so every chunk is read exactly once, in order.
 */
final class Frames {
  final List<Frame> frames = new ArrayList<>(2);
  final List<FrameProblem> problems = new ArrayList<>(0);

  static Frames of(Message m, CallState state) {
    Frames f = m.attachment(Frames.class);
    if (f == null) {
      f = new Frames();
      state.reader(m.direction()).feed(m.binary(), f.frames, f.problems);
      m.attach(f);
    }
    return f;
  }
}
