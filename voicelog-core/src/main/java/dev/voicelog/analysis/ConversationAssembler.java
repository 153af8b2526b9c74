package dev.voicelog.analysis;

import dev.voicelog.EventType;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import dev.voicelog.read.Problem;
import dev.voicelog.read.SessionLog;
import dev.voicelog.read.SessionSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * From complete sessions to conversations: plug it into a {@code LogReader} as its {@link SessionSink}, get
 * each {@link Conversation} with its turns when it is complete.
 *
 * <p><b>Stitching.</b> VoiceMode logs one session per {@code converse()} call and the agent speaks before
 * it listens, so a reply sits in the session after the user's speech. Consecutive VoiceMode sessions of
 * one file, or of one series of rotated files ({@code voicemode_events_2026-11-20.jsonl} then
 * {@code ..._2026-11-21.jsonl}: a conversation across midnight UTC), whose gap (first timestamp of one minus last timestamp of the previous) is at most
 * {@link AnalysisOptions#stitchGapMicros()} form one conversation; its times are re-based onto the first
 * session's, so the reply pairs with the speech before it and response_time comes out positive. VoiceMode
 * conversations are handed over at {@link #finish()}; native and Realtime sessions are each a
 * conversation and are handed over at once.
 *
 * <p><b>Threads.</b> {@link #session} may be called from several threads at once (a parallel reader):
 * each native session is assembled on the calling thread; the stitching of VoiceMode sessions is
 * serialised. The listener is called on those threads.
 */
public final class ConversationAssembler implements SessionSink {
  /** The date (and hour) a rotated file's name carries before its extension: {@code _2026-11-21}, {@code _2026-11-21T09}. */
  private static final java.util.regex.Pattern ROTATION_STAMP =
      java.util.regex.Pattern.compile("_\\d{4}-\\d{2}-\\d{2}(T\\d{2})?(?=\\.jsonl(\\.gz)?$)");
  private final AnalysisOptions options;
  private final ConversationListener listener;
  private final Map<String, List<SessionLog>> stitching = new LinkedHashMap<>();

  /** @param listener receives each conversation when complete, and every problem */
  public ConversationAssembler(AnalysisOptions options, ConversationListener listener) {
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Assembles a native or Realtime session at once; holds a VoiceMode session for stitching. */
  @Override
  public void session(SessionLog session) {
    if (session.format() != LogFormat.VOICEMODE) {
      listener.conversation(assemble(List.of(session)));
      return;
    }
    List<SessionLog> done = null;
    synchronized (stitching) {
      String series = series(session.file());
      List<SessionLog> group = stitching.get(series);
      if (group != null
          && !stitched(group.get(group.size() - 1).lastTimestamp(), session.firstTimestamp(), options)) {
        done = group;
        group = null;
      }
      if (group == null) {
        group = new ArrayList<>();
        stitching.put(series, group);
      }
      group.add(session);
    }
    if (done != null) {
      listener.conversation(assemble(done));
    }
  }

  /** The stitching rule: a session that begins at most the stitch gap after the last line of the one before. */
  private static boolean stitched(long lastTimestamp, long nextFirstTimestamp, AnalysisOptions options) {
    return nextFirstTimestamp - lastTimestamp <= options.stitchGapMicros();
  }

  /**
   * Whether a VoiceMode session logged from {@code nowMicros} on would still be stitched onto {@code c}, the
   * last conversation of its series: a live reader's question before it calls {@code c} complete (the
   * dashboard counts a turn in /metrics once). False for other formats: their conversations are never
   * continued. Thread-safe; {@code c} is immutable.
   *
   * @param nowMicros the wall clock, microseconds since the epoch (a {@code timestamp}'s scale)
   * @param options the options the conversation was assembled with (their stitch gap)
   */
  public static boolean mayContinue(Conversation c, long nowMicros, AnalysisOptions options) {
    if (c.format() != LogFormat.VOICEMODE || c.lastTimestamp() == LogEvent.NO_TIMESTAMP) {
      return false;
    }
    return stitched(c.lastTimestamp(), nowMicros, options);
  }

  /**
   * Which events may end up in one conversation; events with different keys never do. A reader that
   * re-assembles what it has read so far (the live dashboard) re-assembles by this key and gets the
   * conversations a whole read would: a native session by its id, VoiceMode lines by their series of rotated
   * files (its sessions are stitched, also across midnight), any other line by its file.
   */
  public static String assemblyKey(LogEvent e) {
    if (e.format() == LogFormat.NATIVE && e.sessionId() != null) {
      return "session " + e.sessionId();
    }
    return e.format() == LogFormat.VOICEMODE ? "series " + series(e.file()) : "file " + e.file();
  }

  /**
   * The series of rotated files {@code file} belongs to: its path with the date or hour of its name replaced
   * by {@code *} and without {@code .gz} (older files of a series are often compressed).
   */
  static String series(String file) {
    String s = ROTATION_STAMP.matcher(file).replaceFirst("_*");
    return s.endsWith(".gz") ? s.substring(0, s.length() - 3) : s;
  }

  /** Passes the problem on to the listener. */
  @Override
  public void problem(Problem problem) {
    listener.problem(problem);
  }

  /** Hands over the VoiceMode conversations still being stitched. Call once the input is read. */
  public void finish() {
    List<List<SessionLog>> groups;
    synchronized (stitching) {
      groups = new ArrayList<>(stitching.values());
      stitching.clear();
    }
    for (List<SessionLog> g : groups) {
      listener.conversation(assemble(g));
    }
  }

  /** Assembles the turns of one conversation made of {@code sessions} (in order). */
  Conversation assemble(List<SessionLog> sessions) {
    List<Turn> turns = new ArrayList<>();
    TurnAssembler assembler = new TurnAssembler(options, turns::add);
    SessionLog first = sessions.get(0);
    long zero = first.firstTimestamp();
    List<String> ids = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Anomaly> lost = new ArrayList<>();
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> config = new HashMap<>();
    long lostEvents = 0;
    long firstT = Long.MAX_VALUE;
    long lastT = Long.MIN_VALUE;
    for (SessionLog s : sessions) {
      ids.add(s.id());
      if (!files.contains(s.file())) {
        files.add(s.file());
      }
      problems.addAll(s.problems());
      lostEvents += s.lostEvents();
      for (Problem p : s.problems()) {
        if (p.kind() == Problem.Kind.SEQ_GAP) {
          lost.add(new Anomaly(Anomaly.Kind.LOST_EVENTS, 0, List.of(), null, p.count(), p.message()));
        }
      }
      long offset = s == first || s.firstTimestamp() == LogEvent.NO_TIMESTAMP ? 0 : s.firstTimestamp() - zero;
      for (LogEvent e : s.events()) {
        LogEvent shifted = offset != 0 && e.tDerived() ? e.withT(e.t() + offset) : e;
        firstT = Math.min(firstT, shifted.t());
        lastT = Math.max(lastT, shifted.t());
        describe(shifted, fields, config);
        assembler.accept(shifted);
      }
    }
    assembler.finish();
    fields.putAll(config);
    List<Anomaly> anomalies = new ArrayList<>(lost);
    anomalies.addAll(assembler.conversationAnomalies());
    for (Turn t : turns) {
      anomalies.addAll(t.anomalies());
    }
    anomalies.sort(java.util.Comparator.comparingInt(Anomaly::turn)
        .thenComparingLong(a -> a.events().isEmpty() ? Long.MIN_VALUE : a.events().get(0).t()));
    SessionLog last = sessions.get(sessions.size() - 1);
    return new Conversation(first.id(), ids, files, first.format(), zero, lastT >= firstT ? lastT - firstT : 0,
        last.ended(), lostEvents, turns, anomalies, problems, fields, assembler.preamble());
  }

  private static void describe(LogEvent e, Map<String, Object> fields, Map<String, Object> config) {
    if (e.eventType() == EventType.SESSION_START) {
      for (Map.Entry<String, Object> f : e.data().entrySet()) {
        if (isScalar(f.getValue())) {
          fields.putIfAbsent(f.getKey(), f.getValue());
        }
      }
    } else if (e.type().equals("session.created") || e.type().equals("session.updated")) {
      if (e.get("session") instanceof Map<?, ?> s) {
        for (Map.Entry<?, ?> f : s.entrySet()) {
          if (isScalar(f.getValue()) && f.getKey() instanceof String k && !k.equals("instructions") && !k.equals("id")
              && !k.equals("object")) {
            config.put(k, f.getValue());
          }
        }
      }
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }
}
