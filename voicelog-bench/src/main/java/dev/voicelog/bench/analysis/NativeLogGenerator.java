package dev.voicelog.bench.analysis;

import dev.voicelog.EventBuilder;
import dev.voicelog.MonotonicClock;
import dev.voicelog.OverflowPolicy;
import dev.voicelog.Rotation;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.WallClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes a large native log the way a busy agent process would: tens of thousands of phone conversations,
 * about 60 at a time, interleaved, through the real {@link VoiceLog} on a simulated clock. Each turn has
 * realistic latencies; some have a tool call, an interruption (barge-in during playback), a recorder
 * around the speech, an LLM error and retry, or STT hearing nothing. Deterministic for a seed.
 *
 * <p>{@code java -cp benchmarks.jar dev.voicelog.bench.analysis.NativeLogGenerator DIR [MEGABYTES] [SEED]}
 */
public final class NativeLogGenerator {
  static final int CONCURRENT = 60;
  private static final String[] PROVIDERS = {"deepgram", "assemblyai", "whisper"};
  private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "claude-haiku"};
  private static final String[] VOICES = {"alloy", "nova", "shimmer", "echo"};
  private static final String[] SAID = {"What time do you open tomorrow?", "I'd like to book a table for two.",
      "Can you check my order status please?", "No, the other one.", "Yes, that works for me.",
      "How much is the delivery to Porto?", "Could you repeat that?", "Thanks, that's all."};
  private static final String[] REPLIES = {"We open at nine in the morning.", "Sure, for what time would you like it?",
      "Your order left the warehouse this morning and arrives on Friday.", "Of course, let me check that for you.",
      "Delivery to Porto is four euros fifty.", "Great, you're all set. Anything else I can help with?"};

  private NativeLogGenerator() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/analysis-bench");
    long mb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    long started = System.nanoTime();
    Path file = generate(dir, mb << 20, seed);
    System.out.printf("wrote %,d bytes to %s in %.1f s%n", Files.size(file), file, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The log file of {@code dir}, about {@code targetBytes} long (line sizes are estimated while writing, so
   * within 10 %): an existing one of that size is reused, otherwise it is written anew.
   */
  public static Path generate(Path dir, long targetBytes, long seed) throws IOException {
    Path file = dir.resolve("voicelog_events.jsonl");
    if (Files.exists(file) && Files.size(file) >= targetBytes * 9 / 10) {
      return file;
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(file);
    Clock clock = new Clock();
    VoiceLog log = VoiceLog.builder().directory(dir).rotation(Rotation.NONE).monotonicClock(clock).wallClock(clock)
        .overflow(OverflowPolicy.BLOCK).queueCapacity(1 << 16).shutdownHook(false).build();
    Random random = new Random(seed);
    PriorityQueue<Conversation> running = new PriorityQueue<>((a, b) -> Long.compare(a.nextLogNanos(), b.nextLogNanos()));
    long started = 0;
    long estimate = 0;
    while (true) {
      while (running.size() < CONCURRENT && estimate < targetBytes) {
        long begin = Math.max(clock.nanos, 0) + random.nextInt(3_000) * 1_000_000L;
        running.add(new Conversation("conv_" + seed + "_" + started++, begin, random));
      }
      Conversation c = running.poll();
      if (c == null) {
        break;
      }
      estimate += c.logNext(log, clock);
      if (!c.done()) {
        running.add(c);
      }
    }
    if (!log.close(java.time.Duration.ofMinutes(2))) {
      throw new IOException("the logger could not write everything to " + file);
    }
    return file;
  }

  /** Both clocks, moved to each event's logging time. */
  static final class Clock implements MonotonicClock, WallClock {
    long nanos;
    private final long wallStartMicros = 1_795_000_000_000_000L; // 2026-11-19

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public long epochMicros() {
      return wallStartMicros + nanos / 1_000;
    }
  }

  /** One scripted event: when it is logged, when it happened (earlier when backdated), what. */
  private record Step(long logNanos, long atNanos, String type, int turn, Object[] data) {}

  /** One conversation's script, replayed step by step as the global clock reaches each step. */
  static final class Conversation {
    private final String id;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Object> fields;
    private Session session;
    private int next;

    Conversation(String id, long begin, Random r) {
      this.id = id;
      this.fields = Map.of("provider", pick(r, PROVIDERS), "model", pick(r, MODELS), "voice", pick(r, VOICES),
          "agent", "bench-agent");
      script(begin, r);
    }

    long nextLogNanos() {
      return steps.get(next).logNanos();
    }

    boolean done() {
      return next == steps.size();
    }

    /** Logs the next step; returns an estimate of its line's size in bytes. */
    int logNext(VoiceLog log, Clock clock) {
      Step s = steps.get(next++);
      clock.nanos = Math.max(clock.nanos, s.logNanos());
      if (s.type().equals("SESSION_START")) {
        session = log.startSession(id, fields);
        return 200;
      }
      if (s.type().equals("SESSION_END")) {
        session.end(Map.of("reason", "hangup"));
        return 150;
      }
      EventBuilder b = session.event(s.type()).at(Math.min(s.atNanos(), clock.nanos)).turn(s.turn());
      int size = 150;
      for (int i = 0; i < s.data().length; i += 2) {
        Object v = s.data()[i + 1];
        if (v instanceof String str) {
          b.put((String) s.data()[i], str);
          size += str.length() + 10;
        } else if (v instanceof Long l) {
          b.put((String) s.data()[i], (long) l);
          size += 20;
        } else {
          b.put((String) s.data()[i], v);
          size += 20;
        }
      }
      b.log();
      return size;
    }

    private static String pick(Random r, String[] from) {
      return from[r.nextInt(from.length)];
    }

    private static long ms(double millis) {
      return Math.round(millis * 1_000_000);
    }

    /** A value around {@code median} ms with a long right tail (log-normal), as latencies are. */
    private static double latency(Random r, double median, double spread) {
      return median * Math.exp(r.nextGaussian() * spread);
    }

    private void at(long when, String type, int turn, Object... data) {
      steps.add(new Step(when, when, type, turn, data));
    }

    private void backdated(long logged, long happened, String type, int turn, Object... data) {
      steps.add(new Step(logged, happened, type, turn, data));
    }

    private void script(long t0, Random r) {
      at(t0, "SESSION_START", 0);
      long now = t0 + ms(100 + r.nextInt(200));
      int turn = 0;
      String provider = (String) fields.get("provider");
      if (r.nextInt(10) < 8) { // a greeting
        turn++;
        at(now, "TTS_START", turn, "message", pick(r, REPLIES), "voice", fields.get("voice"));
        now += ms(latency(r, 220, 0.3));
        at(now, "TTS_FIRST_AUDIO", turn);
        now += ms(30 + r.nextInt(30));
        at(now, "TTS_PLAYBACK_START", turn);
        now += ms(1500 + r.nextInt(2500));
        at(now, "TTS_PLAYBACK_END", turn);
      }
      int turns = 2 + r.nextInt(10);
      long interruptAt = -1;
      for (int i = 0; i < turns; i++) {
        turn++;
        long speechStart;
        if (interruptAt > 0) {
          speechStart = interruptAt;
        } else {
          speechStart = now + ms(300 + r.nextInt(2500));
        }
        boolean recorder = interruptAt <= 0 && r.nextInt(4) == 0;
        if (recorder) {
          at(speechStart - ms(200), "RECORDING_START", turn);
        }
        long vad = speechStart + ms(200 + r.nextInt(100));
        backdated(vad, speechStart, "USER_SPEECH_START", turn);
        if (interruptAt > 0) {
          at(vad + ms(10), "TTS_PLAYBACK_INTERRUPTED", turn, "played_ms", (interruptAt - playbackStart) / 1_000_000);
          interruptAt = -1;
        }
        long speechEnd = speechStart + ms(400 + r.nextInt(5000));
        at(speechEnd, "USER_SPEECH_END", turn);
        if (recorder) {
          at(speechEnd + ms(150), "RECORDING_END", turn);
        }
        at(speechEnd + ms(5), "STT_START", turn, "provider", provider);
        at(speechEnd + ms(latency(r, 250, 0.4)), "TURN_END_DETECTED", turn);
        long stt = speechEnd + ms(latency(r, 300, 0.35)) + ms(5);
        if (r.nextInt(20) == 0) {
          at(stt, "STT_NO_SPEECH", turn, "provider", provider);
          now = stt;
          continue;
        }
        at(stt, "STT_COMPLETE", turn, "transcript", pick(r, SAID), "provider", provider, "confidence", 0.9);
        now = stt + ms(10);
        at(now, "LLM_REQUEST", turn, "model", fields.get("model"));
        if (r.nextInt(50) == 0) {
          now += ms(latency(r, 2000, 0.5));
          at(now, "LLM_ERROR", turn, "error", "upstream timeout");
          now += ms(10);
          at(now, "LLM_REQUEST", turn, "model", fields.get("model"), "retry", 1L);
        }
        now += ms(latency(r, 450, 0.45));
        at(now, "LLM_FIRST_TOKEN", turn);
        if (r.nextInt(100) < 15) {
          now += ms(10);
          at(now, "TOOL_REQUEST_START", turn, "tool", "lookup_order");
          now += ms(latency(r, 600, 0.6));
          at(now, "TOOL_REQUEST_END", turn, "tool", "lookup_order", "status", "ok");
        }
        now += ms(latency(r, 90, 0.5));
        at(now, "TTS_START", turn, "message", pick(r, REPLIES), "voice", fields.get("voice"));
        now += ms(latency(r, 230, 0.35));
        at(now, "TTS_FIRST_AUDIO", turn);
        now += ms(20 + r.nextInt(40));
        playbackStart = now;
        at(now, "TTS_PLAYBACK_START", turn);
        at(now + ms(300), "LLM_COMPLETE", turn, "tokens", (long) (10 + r.nextInt(60)));
        long playback = ms(1000 + r.nextInt(6000));
        if (i + 1 < turns && r.nextInt(10) == 0) { // the caller talks over the agent
          interruptAt = now + playback / 3;
          now = interruptAt;
        } else {
          now += playback;
          at(now, "TTS_PLAYBACK_END", turn);
        }
      }
      at(now + ms(500), "SESSION_END", turn);
      steps.sort((a, b) -> Long.compare(a.logNanos(), b.logNanos()));
    }

    private long playbackStart;
  }
}
