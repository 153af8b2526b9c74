package dev.voicelog.tap.call;

import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.inspect.AudioInspector;
import dev.voicelog.audio.inspect.EncodingCheck;
import dev.voicelog.audio.record.AgentPlayout;
import dev.voicelog.audio.record.ArrivalPlacement;
import dev.voicelog.audio.record.CallRecorder;
import dev.voicelog.audio.record.Interruption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phone call's audio as a telephony tap hears it on the wire, turned into voicelog's canonical events
 * so that the one turn assembler computes the call's turns and metrics:
 *
 * <ul>
 *   <li><b>The caller</b> (inbound audio) goes through the VAD on the moment each frame was captured
 *       ({@link #caller}: the stream's own clock, Twilio's {@code media.timestamp}; {@link #callerArrived}:
 *       by arrival, voicelog-audio's {@link ArrivalPlacement}); speech changes become
 *       {@code USER_SPEECH_START} / {@code USER_SPEECH_END}, backdated to where they are in the audio.</li>
 *   <li><b>The agent</b> (outbound audio) is placed where the carrier plays it, by voicelog-audio's
 *       {@link AgentPlayout}: in real time from its arrival, one frame after another. A playback starts when
 *       audio arrives to an idle line ({@code TTS_PLAYBACK_START}, at that moment) and ends when the queue
 *       runs dry for longer than the merge gap ({@code TTS_PLAYBACK_END}, at the moment it ran dry); shorter
 *       gaps are heard as gaps inside it and counted. {@link #clear} (Twilio's {@code clear}) cuts it at the
 *       played position: {@code TTS_PLAYBACK_INTERRUPTED} with {@code played_ms}. A playback that stops while
 *       the caller talks over it (the caller started during it, at least the minimum overlap before it
 *       stopped, and is still talking) was interrupted too: the agent stopped sending because of the caller,
 *       which is all a tap without {@code clear} (AudioSocket) can see.</li>
 *   <li><b>The judgements</b> at the end of each playback, reported as {@link Diagnostic}s: all silence
 *       (nothing the VAD calls speech, or one constant value), the wrong encoding (voicelog-audio's
 *       {@link AudioInspector#checkEncoding} on its first quarter second), slower than real time (it came at under
 *       {@link #SLOW_RATE} seconds of audio a second, and the caller heard the gaps); and on each frame, odd
 *       sizes.</li>
 *   <li><b>The recording</b>: both sides in one stereo file through voicelog-audio's {@link CallRecorder},
 *       created at the first audio at its rate, {@code RECORDING_SAVED} at {@link #end}.</li>
 * </ul>
 *
 * <p>A playback's end is logged once it is certain: when the merge gap has passed and the caller's VAD has
 * had its hangover to say whether the caller was talking over it ({@link #poll}, called with each caller
 * frame). Its line is backdated to the moment the audio stopped.
 *
 * <p><b>Threads.</b> The caller methods ({@link #caller}, {@link #callerArrived}) are called from one
 * thread, the agent methods ({@link #agent}, {@link #clear}) from one (usually another); {@link #poll} from
 * either; {@link #end} once, when both are done. Never blocks on I/O (the recorder has its own thread) and
 * never throws because of the audio: bad audio is diagnosed, not refused.
 */
public final class CallAudio {
  /** Gaps in the agent's audio up to this long are heard inside one playback. */
  public static final Duration DEFAULT_MERGE_GAP = Duration.ofMillis(250);
  /** How long the caller must have talked over a playback before it stopped, for the stop to be an interruption. */
  public static final Duration DEFAULT_MIN_OVERLAP = Duration.ofMillis(150);
  /**
   * Playbacks with less audio than this are too short to judge for silence or encoding. Their audio, not
   * their length in time: a playback of a 150 ms pause stretched by a late frame is still 150 ms of audio.
   */
  public static final Duration MIN_JUDGED_PLAYBACK = Duration.ofMillis(200);
  /**
   * Audio that came at less than this rate (seconds of audio per second, over the playback) came too slowly;
   * a sender paced at real time is at 1.0 whatever its jitter.
   */
  public static final double SLOW_RATE = 0.95;
  /** ... when the caller heard gaps that add up to at least this ... */
  public static final Duration SLOW_MIN_GAPS = Duration.ofMillis(40);
  /** ... in at least this many gaps: audio that comes too slowly leaves a gap after chunk after chunk, a pause between sentences one. */
  public static final int SLOW_MIN_GAP_COUNT = 3;
  /** The lowest and highest rate of a recording; the call's first audio rate is clamped to them. */
  static final int MIN_RECORDING_RATE = 8_000;
  static final int MAX_RECORDING_RATE = 48_000;
  /** The caller's recent speech kept for the overlap rule. */
  static final int CALLER_SPEECH_KEPT = 8;
  private static final long OPEN = Long.MAX_VALUE;

  private final Session session;
  private final Diagnostics diagnostics;
  private final Path recordings;
  private final VadSettings vad;
  private final long mergeGap;
  private final long settle;
  private final long minOverlap;
  private final long minJudged = MIN_JUDGED_PLAYBACK.toNanos();

  private final Object lock = new Object();
  private final AgentPlayout playout = new AgentPlayout();
  private final ArrayDeque<long[]> callerSpeech = new ArrayDeque<>();
  private Playback current;
  private int playbacks;
  private int interruptions;
  private CallRecorder recorder;
  private boolean recorderTried;
  private boolean ended;

  // the caller's thread only
  private SpeechTracker caller;
  private final ArrivalPlacement callerArrival = new ArrivalPlacement(CallRecorder.DEFAULT_ARRIVAL_JITTER.toNanos());

  private final AtomicLong callerNanos = new AtomicLong();
  private final AtomicLong agentNanos = new AtomicLong();

  private CallAudio(Builder b) {
    this.session = b.session;
    this.diagnostics = new Diagnostics(b.session, b.source);
    this.recordings = b.recordings;
    this.vad = new VadSettings(b.vadThresholdDbfs, VadSettings.DEFAULT.minSpeechMs(), VadSettings.DEFAULT.hangoverMs());
    this.mergeGap = b.mergeGap.toNanos();
    this.settle = mergeGap + Duration.ofMillis(vad.hangoverMs() + 50L).toNanos();
    this.minOverlap = b.minOverlap.toNanos();
  }

  /** A builder for the call logged in {@code session}; {@code source} names the tap in its diagnostics. */
  public static Builder builder(Session session, String source) {
    return new Builder(session, source);
  }

  /** The call's diagnostics: the taps report their protocol's own mistakes there too. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  // ---- the caller ----

  /**
   * Caller audio whose first sample was captured at {@code startNanos} (the session's clock: a tap maps
   * the stream's own timestamps onto it). Runs the VAD, records it, and settles a finished playback.
   */
  public void caller(byte[] audio, int off, int len, AudioFormat format, long startNanos) {
    long duration = format.durationNanos(len);
    callerNanos.addAndGet(duration);
    session.audioIn(len, duration / 1e6);
    CallRecorder r = recorder(format);
    if (r != null) {
      r.user(audio, off, len, format, startNanos);
    }
    if (caller != null && caller.rate() != format.sampleRate()) {
      callerChanges(caller.finish());
      caller = null;
    }
    if (caller == null) {
      caller = new SpeechTracker(format.sampleRate(), vad);
    }
    callerChanges(caller.feed(audio, off, len, format, startNanos));
    poll(startNanos + duration);
  }

  /** Caller audio with no timestamp, that arrived at {@code arrivedNanos}: placed by {@link ArrivalPlacement}. */
  public void callerArrived(byte[] audio, int off, int len, AudioFormat format, long arrivedNanos) {
    caller(audio, off, len, format, callerArrival.place(arrivedNanos, format.durationNanos(len)));
  }

  private void callerChanges(List<SpeechTracker.Change> changes) {
    for (SpeechTracker.Change c : changes) {
      session.event(c.start() ? EventType.USER_SPEECH_START : EventType.USER_SPEECH_END).at(c.atNanos())
          .put("source", "vad").put("detected_after_ms", round((c.detectedNanos() - c.atNanos()) / 1e6)).log();
      synchronized (lock) {
        if (c.start()) {
          callerSpeech.addLast(new long[] {c.atNanos(), OPEN});
          if (callerSpeech.size() > CALLER_SPEECH_KEPT) {
            callerSpeech.removeFirst();
          }
        } else if (!callerSpeech.isEmpty() && callerSpeech.peekLast()[1] == OPEN) {
          callerSpeech.peekLast()[1] = c.atNanos();
        }
      }
    }
  }

  // ---- the agent ----

  /**
   * Agent audio that arrived at {@code arrivedNanos}, to be played after what is queued; returns when it
   * starts playing. Checks the frame's size, and starts or continues a playback.
   */
  public long agent(byte[] audio, int off, int len, AudioFormat format, long arrivedNanos) {
    long duration = format.durationNanos(len);
    agentNanos.addAndGet(duration);
    session.audioOut(len, duration / 1e6);
    checkFrameSize(len, format, arrivedNanos);
    long start;
    CallRecorder r = recorder(format);
    synchronized (lock) {
      boolean idle = !playout.playing(arrivedNanos);
      long previousEnd = playout.playEnd();
      start = playout.offer(arrivedNanos, duration);
      if (current != null && idle) {
        long gap = arrivedNanos - previousEnd;
        if (gap <= mergeGap) {
          if (gap > 0) { // exactly on time is no gap: audio paced at real time arrives as the last frame ends
            current.gap(gap);
          }
        } else {
          close(current, previousEnd, null, null, false);
          current = null;
        }
      }
      if (current == null && !ended) {
        current = new Playback(start, arrivedNanos, vad);
        playbacks++;
        session.event(EventType.TTS_PLAYBACK_START).at(start).put("source", "playout").put("playback", playbacks).log();
      }
      if (current != null) {
        current.add(audio, off, len, format, arrivedNanos, start, duration);
      }
    }
    if (r != null) {
      r.agent(audio, off, len, format, arrivedNanos);
    }
    return start;
  }

  /**
   * The carrier is told to drop the agent's queued audio at {@code atNanos} (Twilio's {@code clear}): what
   * had not played is discarded, and a playback in progress ends as interrupted, {@code cut_by} the given
   * cause. Returns what the cut did.
   */
  public Interruption clear(long atNanos, String cause) {
    Interruption cut;
    CallRecorder r;
    synchronized (lock) {
      long previousEnd = playout.playEnd();
      cut = playout.cut(atNanos);
      if (current != null) {
        if (cut.wasPlaying()) {
          close(current, cut.atNanos(), cut, cause, false);
        } else {
          close(current, previousEnd, null, null, false);
        }
        current = null;
      }
      r = recorder;
    }
    if (r != null) {
      r.clearAt(atNanos);
    }
    return cut;
  }

  /** When the agent audio queued so far will have played (session clock); meaningless before any. */
  public long agentPlayEnd() {
    synchronized (lock) {
      return playout.playEnd();
    }
  }

  /**
   * Logs the end of a playback that ran dry and has settled by {@code nowNanos} (the merge gap and the
   * caller VAD's hangover have passed). The caller methods call it; a tap may call it at other moments.
   */
  public void poll(long nowNanos) {
    synchronized (lock) {
      if (current != null && !playout.playing(nowNanos) && nowNanos - playout.playEnd() >= settle) {
        close(current, playout.playEnd(), null, null, false);
        current = null;
      }
    }
  }

  /**
   * The call is over at {@code nowNanos}: the caller's speech still open ends, a playback still queued is
   * cut there ({@code call_ended_while_playing}), the recording is closed ({@code RECORDING_SAVED}) and the
   * call's summary is logged ({@code call.summary}: audio each way, playbacks, interruptions, diagnostics).
   * Blocks while the recorder finishes its file (at most its close timeout). Later calls do nothing.
   */
  public void end(long nowNanos) {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
    }
    if (caller != null) {
      callerChanges(caller.finish());
    }
    CallRecorder r;
    synchronized (lock) {
      if (current != null) {
        if (playout.playing(nowNanos)) {
          playout.cut(nowNanos);
          close(current, nowNanos, null, null, true);
        } else {
          close(current, playout.playEnd(), null, null, false);
        }
        current = null;
      }
      r = recorder;
    }
    if (r != null) {
      r.end();
    }
    session.event("call.summary").at(nowNanos)
        .put("caller_audio_ms", round(callerNanos.get() / 1e6)).put("agent_audio_ms", round(agentNanos.get() / 1e6))
        .put("playbacks", playbacks).put("interruptions", interruptions).put("diagnostics", diagnostics.counts()).log();
  }

  // ---- playbacks ----

  /** Under the lock: logs the end of a playback and judges it. */
  private void close(Playback p, long end, Interruption cut, String cause, boolean callEnded) {
    p.finish();
    long played = Math.max(0, end - p.start);
    String by = cut != null ? cause : null;
    long[] overlap = cut == null && !callEnded ? callerOverlap(p.start, end) : null;
    if (overlap != null) {
      by = "caller_speech";
    }
    boolean interrupted = by != null;
    EventBuilder e = session.event(interrupted ? EventType.TTS_PLAYBACK_INTERRUPTED : EventType.TTS_PLAYBACK_END).at(end)
        .put("source", "playout").put("playback", playbacks).put("played_ms", round(played / 1e6))
        .put("audio_ms", round(p.audioNanos / 1e6)).put("chunks", p.chunks);
    if (interrupted) {
      interruptions++;
      e.put("cut_by", by);
    }
    if (cut != null) {
      e.put("discarded_ms", round(cut.discardedNanos() / 1e6));
    }
    if (overlap != null) {
      e.put("caller_talked_over_ms", round((end - overlap[0]) / 1e6));
    }
    if (callEnded) {
      e.put("call_ended_while_playing", true);
    }
    if (p.gaps > 0) {
      e.put("gaps", p.gaps).put("gap_ms", round(p.gapNanos / 1e6));
    }
    e.put("heard_speech_ms", round(p.heardSpeechNanos(end) / 1e6));
    long lead = p.leadingSilenceNanos(end);
    if (lead >= 0) {
      e.put("leading_silence_ms", round(lead / 1e6));
    }
    e.log();
    judge(p, end, played);
  }

  /** The caller's speech that began during [start, end - minOverlap] and went on past end, or null. */
  private long[] callerOverlap(long start, long end) {
    for (long[] s : callerSpeech) {
      if (s[0] > start && s[0] <= end - minOverlap && s[1] > end) {
        return s;
      }
    }
    return null;
  }

  private void judge(Playback p, long end, long played) {
    Map<String, Object> where = new LinkedHashMap<>();
    where.put("direction", "outbound");
    where.put("playback", playbacks);
    if (p.audioNanos >= minJudged) {
      AudioFormat f = p.doctorFormat();
      if (p.constant()) {
        diagnostics.report(Diagnostic.OUTBOUND_SILENCE, p.start, constantMessage(p, f), where);
      } else if (!p.loud()) { // not "no speech": a word cut short by a gap is too short for speech but heard
        diagnostics.report(Diagnostic.OUTBOUND_SILENCE, p.start, String.format(Locale.ROOT,
            "the agent's %.2f s of audio is silence: nothing in it reaches %.0f dBFS, the caller hears nothing",
            p.audioNanos / 1e9, vad.thresholdDbfs()), where);
      } else if (f != null) {
        byte[] bytes = p.doctorBytes();
        if (bytes.length >= f.bytesPerMs() * 100) {
          EncodingCheck check = AudioInspector.checkEncoding(bytes, f);
          if (check.problem() != null) {
            Map<String, Object> d = new LinkedHashMap<>(where);
            d.put("declared", f.encoding().id());
            d.put("reads_as", check.encoding().id());
            diagnostics.report(Diagnostic.OUTBOUND_WRONG_ENCODING, p.start, "the agent's audio is not " + f.encoding().id()
                + ", the caller hears noise: " + check.problem(), d);
          }
        }
      }
    }
    double rate = p.arrivalRate();
    if (p.gaps >= SLOW_MIN_GAP_COUNT && p.gapNanos >= SLOW_MIN_GAPS.toNanos() && rate < SLOW_RATE) {
      Map<String, Object> d = new LinkedHashMap<>(where);
      d.put("gaps", p.gaps);
      d.put("gap_ms", round(p.gapNanos / 1e6));
      d.put("audio_ms", round(p.audioNanos / 1e6));
      d.put("arrival_rate", Math.round(rate * 1000) / 1000.0);
      diagnostics.report(Diagnostic.OUTBOUND_SLOW, p.start, String.format(Locale.ROOT,
          "the agent's audio arrived slower than real time (%.2f s of audio a second): the caller heard %d gaps, %.0f ms in all, in %.2f s",
          rate, p.gaps, p.gapNanos / 1e6, played / 1e9), d);
    }
  }

  private static String constantMessage(Playback p, AudioFormat f) {
    String what = String.format(Locale.ROOT, "the agent's %.2f s of audio is one constant value (%d) the caller hears as silence",
        p.audioNanos / 1e9, p.constantValue());
    if (f != null && f.encoding().isG711() && f.encoding().decode(new byte[] {0})[0] == p.constantValue()) {
      return what + ": the bytes are 0x00, PCM silence (zeros) sent as " + f.encoding().id()
          + ", where silence is 0x" + Integer.toHexString(f.encoding().encode(new short[] {0})[0] & 0xff);
    }
    return what;
  }

  private void checkFrameSize(int len, AudioFormat f, long at) {
    long per20 = Math.round(f.bytesPerMs() * 20);
    String why;
    if (len % f.bytesPerFrame() != 0) {
      why = "not a whole number of " + f.bytesPerFrame() + "-byte samples (half a sample: the rest of the stream is shifted)";
    } else if (len == 0 || len % per20 != 0) {
      why = "not a whole number of 20 ms frames (" + per20 + " bytes)";
    } else {
      return;
    }
    diagnostics.report(Diagnostic.OUTBOUND_FRAME_SIZE, at, "the agent sent a frame of " + len + " bytes of " + f + ": " + why,
        Map.of("direction", "outbound", "bytes", len));
  }

  // ---- the recording ----

  private CallRecorder recorder(AudioFormat first) {
    synchronized (lock) {
      if (recordings == null || recorderTried || ended) {
        return recorder;
      }
      recorderTried = true;
      try {
        // the recorder creates the directory, owner-only: these are callers' voices
        int rate = Math.max(MIN_RECORDING_RATE, Math.min(MAX_RECORDING_RATE, first.sampleRate()));
        recorder = CallRecorder.builder(session, unusedPath(recordings, session.id())).sampleRate(rate)
            .origin(session.startNanoTime()).build();
      } catch (IOException | RuntimeException e) {
        session.event(EventType.ERROR).put("source", "recorder").put("error", "cannot record the call: " + e).log();
      }
      return recorder;
    }
  }

  /** {@code dir/NAME.wav}, or {@code NAME-2.wav}, ... when a file of that name exists: nothing is overwritten. */
  static Path unusedPath(Path dir, String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    Path p = dir.resolve(safe + ".wav");
    for (int n = 2; Files.exists(p); n++) {
      p = dir.resolve(safe + "-" + n + ".wav");
    }
    return p;
  }

  static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  /** Builds a {@link CallAudio}. Not thread-safe. */
  public static final class Builder {
    private final Session session;
    private final String source;
    private Path recordings;
    private Duration mergeGap = DEFAULT_MERGE_GAP;
    private Duration minOverlap = DEFAULT_MIN_OVERLAP;
    private double vadThresholdDbfs = VadSettings.DEFAULT.thresholdDbfs();

    private Builder(Session session, String source) {
      this.session = Objects.requireNonNull(session, "session");
      this.source = Objects.requireNonNull(source, "source");
    }

    /** Records the call in stereo into {@code directory/<session id>.wav} (default: no recording). */
    public Builder recordings(Path directory) {
      this.recordings = directory;
      return this;
    }

    /**
     * Gaps in the agent's audio up to this long stay inside one playback, 0 to 5 s (default
     * {@link #DEFAULT_MERGE_GAP}).
     */
    public Builder mergeGap(Duration gap) {
      if (gap.isNegative() || gap.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("mergeGap must be 0 to 5 s: " + gap);
      }
      this.mergeGap = gap;
      return this;
    }

    /**
     * How long the caller must talk over a playback before it stops for that to be an interruption, 0 to 5 s
     * (default {@link #DEFAULT_MIN_OVERLAP}).
     */
    public Builder minOverlap(Duration overlap) {
      if (overlap.isNegative() || overlap.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("minOverlap must be 0 to 5 s: " + overlap);
      }
      this.minOverlap = overlap;
      return this;
    }

    /** The VAD's speech level, -100 to 0 dBFS (default voicelog-audio's EnergyVad default). */
    public Builder vadThresholdDbfs(double dbfs) {
      if (!(dbfs >= -100 && dbfs <= 0)) {
        throw new IllegalArgumentException("vadThresholdDbfs must be -100 to 0: " + dbfs);
      }
      this.vadThresholdDbfs = dbfs;
      return this;
    }

    /** The call's audio, ready for its first frame (the recording, if any, starts at the first audio). */
    public CallAudio build() {
      return new CallAudio(this);
    }
  }
}
