package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.WallClock;
import dev.voicelog.analysis.AnalysisOptions;
import dev.voicelog.analysis.Conversation;
import dev.voicelog.analysis.ConversationAssembler;
import dev.voicelog.analysis.json.AnalysisJson;
import dev.voicelog.read.LogEvent;
import dev.voicelog.read.Problem;
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
 * <p><b>How a conversation is kept current.</b> Events are grouped as they arrive into units, by
 * {@link ConversationAssembler#assemblyKey}: a native session by its id (whichever file it continues in
 * after a rotation), VoiceMode lines by their series of rotated files (its sessions are stitched into
 * conversations, also across midnight, so they are assembled together), Realtime-guide lines by their file.
 * A unit ({@link LiveUnit}) that received events is rebuilt on the next {@link #rebuild()}: its events go
 * through a fresh {@code SessionCollector} and {@link ConversationAssembler}, file by file, exactly as a
 * {@code LogReader} would send them, and the conversations that come out replace the previous ones. So a
 * live conversation is always what the report would show for the lines written so far: the one definition
 * of a turn, applied to a prefix. The cost is a re-assembly of the unit's events per rebuild, a few
 * milliseconds for an hour-long call (a VoiceMode series keeps only its open conversation's events). What
 * /metrics counts of a unit's turns is counted from those conversations ({@link SettledTurns}).
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

    Entry(Conversation conversation, AnalysisJson json, long version) {
      this.conversation = conversation;
      this.summaryJson = Json.write(g -> Views.summary(g, conversation, json));
      this.version = version;
      this.recording = Recordings.of(conversation);
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

  private final AnalysisOptions options;
  private final AnalysisJson json;
  private final DashboardMetrics metrics;
  private final WallClock clock;
  private final Map<String, LiveUnit> units = new HashMap<>();
  private final Set<LiveUnit> dirty = new LinkedHashSet<>();
  /** Units whose last turn waits only for the clock (see {@link SettledTurns}). */
  private final Set<LiveUnit> waiting = new LinkedHashSet<>();
  private final ConcurrentHashMap<String, Entry> conversations = new ConcurrentHashMap<>();
  private final Set<String> recordingNames = ConcurrentHashMap.newKeySet();
  private final AtomicLong version = new AtomicLong();
  private final Object problemsLock = new Object();
  private final List<Problem> problems = new ArrayList<>();
  private final Map<Problem.Kind, Long> problemCounts = new EnumMap<>(Problem.Kind.class);
  private long problemTotal;

  /** @param clock tells when a VoiceMode conversation can no longer be continued by its next session */
  LiveConversations(AnalysisOptions options, boolean transcripts, DashboardMetrics metrics, WallClock clock) {
    this.options = options;
    this.json = AnalysisJson.builder().transcripts(transcripts).build();
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Adds one event read from the logs (tail thread). */
  void accept(LogEvent e) {
    metrics.event(e.eventType());
    if (e.eventType() == EventType.EVENTS_DROPPED && e.get("count") instanceof Number n) {
      metrics.dropped(n.longValue());
    }
    LiveUnit u = units.computeIfAbsent(ConversationAssembler.assemblyKey(e), k -> new LiveUnit(options, metrics));
    u.add(e);
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

  /**
   * Re-assembles every unit that received events since the last call, and counts in /metrics what they and
   * the units waiting for the clock settled (tail thread).
   */
  Changes rebuild() {
    List<Entry> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (LiveUnit u : dirty) {
      List<Conversation> before = u.conversations();
      List<Conversation> built = u.assemble();
      List<String> ids = new ArrayList<>(built.size());
      for (Conversation c : built) {
        ids.add(c.id());
        changed.add(publish(c));
      }
      for (Conversation old : before) {
        if (!ids.contains(old.id()) && conversations.remove(old.id()) != null) {
          removed.add(old.id());
        }
      }
    }
    Set<LiveUnit> toCount = new LinkedHashSet<>(dirty);
    toCount.addAll(waiting);
    dirty.clear();
    waiting.clear();
    long now = clock.epochMicros();
    for (LiveUnit u : toCount) {
      if (u.count(now)) {
        waiting.add(u);
      }
    }
    return new Changes(changed, removed);
  }

  private Entry publish(Conversation c) {
    Entry e = new Entry(c, json, version.incrementAndGet());
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
