package dev.voicelog.tap.audiosocket;

import dev.voicelog.tap.call.Diagnostic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the AudioSocket frames of one direction of a TCP stream, across reads: a 1-byte kind, a 2-byte
 * big-endian payload length, the payload. It only reads: the relay forwards every byte whatever it finds.
 *
 * <h2>When the stream is not what it should be</h2>
 * <ul>
 *   <li>A header no real frame has (a known kind with a length it cannot have, such as a 15-byte UUID or
 *       an audio frame longer than a second; an unknown kind longer than {@value Kinds#UNKNOWN_MAX_LENGTH}
 *       bytes) is {@link Diagnostic#MALFORMED}, reported with its offset. The reader then looks for the
 *       frames again, byte by byte: a position counts once it holds a plausible header of a known kind
 *       <em>followed by another</em> (one plausible header alone is too easy to find in audio). It reports
 *       where it found them and how many bytes it skipped.</li>
 *   <li>If no frames are found within {@value #RESYNC_LIMIT} bytes the stream is {@link Diagnostic#STREAM_LOST}:
 *       the rest of this direction is relayed unread, and the call goes on until a side ends it (a tap never
 *       cuts a call its peers can still carry; Asterisk itself hangs up on a stream it cannot read).</li>
 *   <li>A frame of an unknown kind with a plausible length is a frame: it is reported to the caller, who logs
 *       and relays it (Asterisk may add kinds).</li>
 *   <li>A stream that ends inside a frame is {@link Diagnostic#TRUNCATED_FRAME} ({@link #finish}).</li>
 * </ul>
 *
 * <p>Not thread-safe: one direction, one thread. Memory is bounded by the largest frame plus one read.
 */
final class FrameReader {
  /** How far the reader looks for frames after a malformed header before it gives the stream up. */
  static final int RESYNC_LIMIT = 64 * 1024;
  /** How many frames in a row must be found before the reader trusts it has found the frames again. */
  static final int FRAMES_TO_CONFIRM = 3;
  private static final int HEADER = 3;

  private byte[] buf = new byte[8 * 1024];
  private int start;
  private int end;
  /** The stream offset of {@code buf[start]}. */
  private long offset;
  private boolean resyncing;
  private long resyncFrom;
  private boolean lost;

  /** Whether the stream was given up (its frames could not be found again). */
  boolean lost() {
    return lost;
  }

  /** Bytes of the stream read so far. */
  long position() {
    return offset + (end - start);
  }

  /** Reads one chunk of the stream; adds the frames it completes and the problems it finds. */
  void feed(ByteBuffer chunk, List<Frame> frames, List<FrameProblem> problems) {
    if (lost) {
      offset += chunk.remaining();
      return;
    }
    append(chunk);
    while (true) {
      if (resyncing && !resync(problems)) {
        break;
      }
      if (end - start < HEADER) {
        break;
      }
      int kind = buf[start] & 0xff;
      int length = length(start);
      if (!Kinds.plausible(kind, length)) {
        problems.add(new FrameProblem(Diagnostic.MALFORMED, offset, "malformed frame header at offset " + offset + ": kind "
            + Kinds.hex(kind) + " (" + Kinds.name(kind) + ") with " + length + " payload bytes, but " + Kinds.expected(kind)
            + "; looking for the frames again"));
        resyncing = true;
        resyncFrom = offset;
        skip(1);
        continue;
      }
      if (end - start < HEADER + length) {
        break; // the rest of the frame is still on its way
      }
      frames.add(new Frame(kind, offset, Arrays.copyOfRange(buf, start + HEADER, start + HEADER + length)));
      skip(HEADER + length);
    }
    compact();
  }

  /**
   * Looks for the frames again from the current position. Returns true when found (reading goes on from
   * there), false when more bytes are needed or the stream was given up.
   */
  private boolean resync(List<FrameProblem> problems) {
    int firstWait = -1;
    int found = -1;
    for (int p = start; p + HEADER <= end; p++) {
      int c = confirmedAt(p);
      if (c == YES) {
        found = p;
        break;
      }
      if (c == WAIT && firstWait < 0) {
        firstWait = p;
      }
    }
    if (found >= 0) {
      // three frames in a row outweigh an earlier position that could not be decided yet
      skip(found - start);
      if (offset - resyncFrom <= RESYNC_LIMIT) {
        problems.add(new FrameProblem(Diagnostic.MALFORMED, offset, "frames found again at offset " + offset + ", "
            + (offset - resyncFrom) + " bytes after the malformed header (relayed, not read)"));
        resyncing = false;
        return true;
      }
    } else {
      // positions before the first undecided one are not frames; keep from there (or the last bytes, a header's start)
      skip((firstWait >= 0 ? firstWait : Math.max(start, end - HEADER + 1)) - start);
    }
    if (offset - resyncFrom > RESYNC_LIMIT) {
      lost = true;
      problems.add(new FrameProblem(Diagnostic.STREAM_LOST, resyncFrom, "no AudioSocket frames in the " + RESYNC_LIMIT
          + " bytes after offset " + resyncFrom + ": the rest of this direction is relayed unread"));
      offset += end - start;
      start = end;
    }
    return false;
  }

  /**
   * The stream has ended: a frame it ended in is reported as {@link Diagnostic#TRUNCATED_FRAME}. Adds
   * nothing when it ended on a frame boundary.
   */
  void finish(List<FrameProblem> problems) {
    int left = end - start;
    if (lost || left == 0) {
      return;
    }
    if (resyncing) {
      problems.add(new FrameProblem(Diagnostic.TRUNCATED_FRAME, offset, "the stream ended at offset " + position()
          + " while looking for frames again after offset " + resyncFrom));
    } else if (left < HEADER) {
      problems.add(new FrameProblem(Diagnostic.TRUNCATED_FRAME, offset, "the stream ended " + left
          + " bytes into a frame header at offset " + offset));
    } else {
      int kind = buf[start] & 0xff;
      problems.add(new FrameProblem(Diagnostic.TRUNCATED_FRAME, offset, "the stream ended inside a frame at offset " + offset
          + ": kind " + Kinds.hex(kind) + " (" + Kinds.name(kind) + "), the header says " + length(start)
          + " payload bytes, " + (left - HEADER) + " arrived"));
    }
    offset += left;
    start = end;
  }

  private static final int NO = 0;
  private static final int YES = 1;
  private static final int WAIT = 2;

  /**
   * Whether frames start at {@code at}: {@value #FRAMES_TO_CONFIRM} plausible headers of known kinds other
   * than hangup in a row, each where the one before it ends. Random bytes pass one such test about once in a hundred
   * positions, three about once in a million. {@link #WAIT} when the bytes to decide have not arrived.
   */
  private int confirmedAt(int at) {
    int p = at;
    for (int i = 0; i < FRAMES_TO_CONFIRM; i++) {
      if (p + HEADER > end) {
        return p - at + HEADER > RESYNC_LIMIT ? NO : WAIT;
      }
      int kind = buf[p] & 0xff;
      int length = length(p);
      if (kind == Kinds.HANGUP || !Kinds.isKnown(kind) || !Kinds.plausible(kind, length)) {
        return NO; // a hangup ends a stream, and zero bytes read out of step look like a run of them
      }
      p += HEADER + length;
    }
    return YES;
  }

  private int length(int at) {
    return ((buf[at + 1] & 0xff) << 8) | (buf[at + 2] & 0xff);
  }

  private void skip(int n) {
    start += n;
    offset += n;
  }

  private void append(ByteBuffer chunk) {
    int n = chunk.remaining();
    if (end + n > buf.length) {
      compact();
      if (end + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + n));
      }
    }
    chunk.get(buf, end, n);
    end += n;
  }

  private void compact() {
    if (start == 0) {
      return;
    }
    System.arraycopy(buf, start, buf, 0, end - start);
    end -= start;
    start = 0;
  }
}
