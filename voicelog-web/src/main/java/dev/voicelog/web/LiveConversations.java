package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.ConversationListener;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.LogFormat;
import dev.voicelog.read.Problem;
import dev.voicelog.read.SessionCollector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's conversations, kept up to date from a live tail.
 *
 * <p><b>How a conversation is kept current.</b> Events are grouped as they arrive into units: a native
 * session by its id (whichever file it continues in after a rotation), VoiceMode and Realtime-guide lines
 * by their file (VoiceMode sessions of a file are stitched into conversations, so they are assembled
 * together). A unit that received events is rebuilt on the next {@link #rebuild()}: its events go through
 * a fresh {@link SessionCollector} and {@link ConversationAssembler}, exactly as a {@code LogReader} would
 * send them, and the conversation that comes out replaces the previous one. So a live conversation is always
 * what the report would show for the lines written so far: the one definition of a turn, applied to a
 * prefix. The cost is a re-assembly of the unit's events per rebuild, a few milliseconds for an hour-long
 * call.
 *
 * <p><b>Threads.</b> {@link #accept}, {@link #problem} and {@link #rebuild} are called by one thread (the
 * tail's). Readers ({@link #entries()}, {@link #get}, {@link #problems()}) may be called from any thread at
 * any time and see each conversation either before or after a rebuild, never half of one.
 */
final class LiveConversations {
  /** Problems of reading listed in detail; beyond that only counted. */
  static final int MAX_PROBLEMS_KEPT = 1000;

  /** One conversation as last built, with its list row ready to send. Immutable. */
  static final class Entry {
    final Conversation conversation;
    final String summaryJson;
    final long version;
    final Recordings.Recording recording;
    /** Turns already counted in /metrics, and events already counted lost: carried across rebuilds. */
    final int settledTurns;
    final long lostCounted;

    Entry(Conversation conversation, AnalysisJson json, long version, int settledTurns, long lostCounted) {
      this.conversation = conversation;
      this.summaryJson = Json.write(g -> Views.summary(g, conversation, json));
      this.version = version;
      this.recording = Recordings.of(conversation);
      this.settledTurns = settledTurns;
      this.lostCounted = lostCounted;
    }
  }

  /** What one {@link #rebuild()} changed. */
  static final class Changes {
    final List<Entry> changed;
    final List<String> removed;

    Changes(List<Entry> changed, List<String> removed) {
      this.changed = changed;
      this.removed = removed;
    }

    boolean isEmpty() {
      return changed.isEmpty() && removed.isEmpty();
    }
  }

  /** The events of one unit (see the class comment) and the conversations they made last time. */
  private static final class Unit {
    final List<LogEvent> events = new ArrayList<>();
    List<String> conversationIds = List.of();
  }

  private final AnalysisOptions options;
  private final AnalysisJson json;
  private final DashboardMetrics metrics;
  private final Map<String, Unit> units = new HashMap<>();
  private final Set<Unit> dirty = new LinkedHashSet<>();
  private final ConcurrentHashMap<String, Entry> conversations = new ConcurrentHashMap<>();
  private final Set<String> recordingNames = ConcurrentHashMap.newKeySet();
  private final AtomicLong version = new AtomicLong();
  private final Object problemsLock = new Object();
  private final List<Problem> problems = new ArrayList<>();
  private final Map<Problem.Kind, Long> problemCounts = new EnumMap<>(Problem.Kind.class);
  private long problemTotal;

  LiveConversations(AnalysisOptions options, boolean transcripts, DashboardMetrics metrics) {
    this.options = options;
    this.json = AnalysisJson.builder().transcripts(transcripts).build();
    this.metrics = metrics;
  }

  /** Adds one event read from the logs (tail thread). */
  void accept(LogEvent e) {
    metrics.event(e.eventType());
    if (e.eventType() == EventType.EVENTS_DROPPED && e.get("count") instanceof Number n) {
      metrics.dropped(n.longValue());
    }
    String key = e.format() == LogFormat.NATIVE && e.sessionId() != null ? "s:" + e.sessionId() : "f:" + e.file();
    Unit u = units.computeIfAbsent(key, k -> new Unit());
    u.events.add(e);
    dirty.add(u);
  }

  /** Records a problem of reading (tail thread). */
  void problem(Problem p) {
    metrics.skipped(p);
    synchronized (problemsLock) {
      problemTotal++;
      problemCounts.merge(p.kind(), 1L, Long::sum);
      if (problems.size() < MAX_PROBLEMS_KEPT) {
        problems.add(p);
      }
    }
  }

  /** Re-assembles every unit that received events since the last call (tail thread). */
  Changes rebuild() {
    List<Entry> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Unit u : dirty) {
      List<Conversation> built = assemble(u.events);
      List<String> ids = new ArrayList<>(built.size());
      for (Conversation c : built) {
        ids.add(c.id());
        changed.add(publish(c));
      }
      for (String old : u.conversationIds) {
        if (!ids.contains(old) && conversations.remove(old) != null) {
          removed.add(old);
        }
      }
      u.conversationIds = ids;
    }
    dirty.clear();
    return new Changes(changed, removed);
  }

  private List<Conversation> assemble(List<LogEvent> events) {
    List<Conversation> out = new ArrayList<>(1);
    ConversationAssembler assembler = new ConversationAssembler(options, new ConversationListener() {
      @Override
      public void conversation(Conversation c) {
        out.add(c);
      }

      @Override
      public void problem(Problem p) {
        // gaps and repeats are in the conversation's own problems; lines were reported when read
      }
    });
    SessionCollector collector = new SessionCollector(assembler);
    for (LogEvent e : events) {
      collector.accept(e);
    }
    collector.finish();
    assembler.finish();
    return out;
  }

  private Entry publish(Conversation c) {
    Entry before = conversations.get(c.id());
    int settled = before == null ? 0 : before.settledTurns;
    long lostCounted = before == null ? 0 : before.lostCounted;
    // A turn is settled once the next one has begun or the conversation has ended: only then are its
    // metrics final, and only then is it counted in /metrics (once).
    int nowSettled = c.ended() ? c.turns().size() : Math.max(0, c.turns().size() - 1);
    for (int i = settled; i < nowSettled; i++) {
      metrics.turn(c.turns().get(i));
    }
    if (c.lostEvents() > lostCounted) {
      metrics.lost(c.lostEvents() - lostCounted);
    }
    Entry e = new Entry(c, json, version.incrementAndGet(), Math.max(settled, nowSettled), Math.max(lostCounted, c.lostEvents()));
    if (e.recording != null) {
      recordingNames.add(e.recording.name());
    }
    conversations.put(c.id(), e);
    return e;
  }

  /** Every conversation as last built (any thread). */
  Collection<Entry> entries() {
    return conversations.values();
  }

  /** The conversations themselves (any thread). */
  List<Conversation> all() {
    List<Conversation> out = new ArrayList<>(conversations.size());
    for (Entry e : conversations.values()) {
      out.add(e.conversation);
    }
    return out;
  }

  /** One conversation, or null (any thread). */
  Entry get(String id) {
    return id == null ? null : conversations.get(id);
  }

  /** Whether some conversation's RECORDING_SAVED named this file (any thread). */
  boolean isRecordingName(String name) {
    return recordingNames.contains(name);
  }

  int size() {
    return conversations.size();
  }

  long openCount() {
    long n = 0;
    for (Entry e : conversations.values()) {
      if (!e.conversation.ended()) {
        n++;
      }
    }
    return n;
  }

  /** A rising number: the last change made (any thread). */
  long version() {
    return version.get();
  }

  /** The problems of reading so far: total, by kind, and the first {@link #MAX_PROBLEMS_KEPT} (any thread). */
  ProblemsSnapshot problems() {
    synchronized (problemsLock) {
      return new ProblemsSnapshot(problemTotal, new EnumMap<>(problemCounts), List.copyOf(problems));
    }
  }

  /** A copy of the problems of reading. */
  static final class ProblemsSnapshot {
    final long total;
    final Map<Problem.Kind, Long> kinds;
    final List<Problem> listed;

    ProblemsSnapshot(long total, Map<Problem.Kind, Long> kinds, List<Problem> listed) {
      this.total = total;
      this.kinds = kinds;
      this.listed = listed;
    }
  }
}
