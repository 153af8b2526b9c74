package dev.voicelog.analysis;

import dev.voicelog.read.LogReader;
import dev.voicelog.read.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-input analysis in one call, the way the {@code voicelog} command uses it: read paths with a
 * {@link LogReader}, assemble conversations, and either keep them all ({@link #conversations}) or only
 * their statistics ({@link #statistics}, which holds no conversation in memory and so scales to any input).
 *
 * <p>Thread-safe (no shared state); each call blocks until the input is read.
 */
public final class Analysis {
  /** Problems kept in detail by {@link #statistics}; beyond that only counted. */
  public static final int MAX_PROBLEMS_KEPT = 1000;
  /** Slow turns kept in detail by {@link #statistics}. */
  public static final int MAX_SLOW_KEPT = 1000;

  private Analysis() {}

  /**
   * Every conversation of the input, in order of start, and every problem, in file and line order. Immutable and
   * thread-safe: its lists are unmodifiable copies.
   */
  public static final class Result {
    private final List<Path> files;
    private final List<Conversation> conversations;
    private final List<Problem> problems;

    Result(List<Path> files, List<Conversation> conversations, List<Problem> problems) {
      this.files = List.copyOf(files);
      this.conversations = List.copyOf(conversations);
      this.problems = List.copyOf(problems);
    }

    /** The files read, in order. */
    public List<Path> files() {
      return files;
    }

    /** The conversations, in order of their first timestamp, then id. */
    public List<Conversation> conversations() {
      return conversations;
    }

    /** Every problem of the input, in file and line order. */
    public List<Problem> problems() {
      return problems;
    }
  }

  /**
   * The statistics of an input and what is worth knowing beside them. Immutable and thread-safe: its lists and maps
   * are unmodifiable, and nothing changes them once {@link Analysis#statistics} has returned.
   */
  public static final class Statistics {
    private final List<Path> files;
    private final Aggregates aggregates;
    private final List<Problem> problems;
    private final Map<Problem.Kind, Long> problemCounts;
    private final Map<Anomaly.Kind, Long> anomalyCounts;
    private final List<SlowTurn> slowTurns;

    Statistics(List<Path> files, Aggregates aggregates, List<Problem> problems, Map<Problem.Kind, Long> problemCounts,
        Map<Anomaly.Kind, Long> anomalyCounts, List<SlowTurn> slowTurns) {
      this.files = List.copyOf(files);
      this.aggregates = aggregates;
      this.problems = List.copyOf(problems);
      this.problemCounts = Collections.unmodifiableMap(problemCounts);
      this.anomalyCounts = Collections.unmodifiableMap(anomalyCounts);
      this.slowTurns = List.copyOf(slowTurns);
    }

    /** The files read, in order. */
    public List<Path> files() {
      return files;
    }

    /** The statistics of every turn (grouped when asked). */
    public Aggregates aggregates() {
      return aggregates;
    }

    /** The first {@value #MAX_PROBLEMS_KEPT} problems, in file and line order. */
    public List<Problem> problems() {
      return problems;
    }

    /** Every problem, counted by kind. */
    public Map<Problem.Kind, Long> problemCounts() {
      return problemCounts;
    }

    /** Every anomaly, counted by kind. */
    public Map<Anomaly.Kind, Long> anomalyCounts() {
      return anomalyCounts;
    }

    /** Turns over the slow threshold (the slowest {@value #MAX_SLOW_KEPT}), slowest first. */
    public List<SlowTurn> slowTurns() {
      return slowTurns;
    }
  }

  /** A turn over the slow threshold: where it is and how slow. Immutable and thread-safe. */
  public static final class SlowTurn {
    private final String conversation;
    private final int turn;
    private final Metric metric;
    private final long micros;

    SlowTurn(String conversation, int turn, Metric metric, long micros) {
      this.conversation = conversation;
      this.turn = turn;
      this.metric = metric;
      this.micros = micros;
    }

    /** The conversation (its first session id). */
    public String conversation() {
      return conversation;
    }

    /** The turn number in its conversation. */
    public int turn() {
      return turn;
    }

    /** voice_to_voice, or response_time when the turn has no voice_to_voice. */
    public Metric metric() {
      return metric;
    }

    /** How slow, in microseconds. */
    public long micros() {
      return micros;
    }
  }

  /**
   * Reads the paths and returns every conversation and problem.
   *
   * @throws IOException only for a path that does not exist or cannot be read (see {@link LogReader#read})
   */
  public static Result conversations(List<Path> paths, AnalysisOptions options, LogReader reader) throws IOException {
    return conversations(paths, options, reader, c -> true);
  }

  /**
   * Reads the paths and returns the conversations {@code keep} accepts (the others are dropped as soon as
   * they are assembled, so memory holds only those kept) and every problem.
   *
   * @param keep called from the reading threads; must be thread-safe
   * @throws IOException only for a path that does not exist or cannot be read
   */
  public static Result conversations(List<Path> paths, AnalysisOptions options, LogReader reader,
      java.util.function.Predicate<Conversation> keep) throws IOException {
    List<Path> files = LogReader.files(paths);
    List<Conversation> conversations = Collections.synchronizedList(new ArrayList<>());
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    ConversationAssembler assembler = new ConversationAssembler(options, new ConversationListener() {
      @Override
      public void conversation(Conversation c) {
        if (keep.test(c)) {
          conversations.add(c);
        }
      }

      @Override
      public void problem(Problem p) {
        problems.add(p);
      }
    });
    reader.read(files, assembler);
    assembler.finish();
    List<Conversation> sorted = new ArrayList<>(conversations);
    sorted.sort(Comparator.comparingLong(Conversation::startTimestamp).thenComparing(Conversation::id));
    List<Problem> ps = new ArrayList<>(problems);
    ps.sort(problemOrder(files));
    return new Result(files, sorted, ps);
  }

  /**
   * Reads the paths and returns their statistics, grouped by {@code groupBy} (null: not grouped). Keeps no
   * conversation: memory is bounded by the sessions open at once and the per-turn metric values.
   *
   * @throws IOException only for a path that does not exist or cannot be read
   */
  public static Statistics statistics(List<Path> paths, AnalysisOptions options, String groupBy, LogReader reader)
      throws IOException {
    List<Path> files = LogReader.files(paths);
    Aggregates.Builder aggregates = Aggregates.builder(groupBy);
    List<Problem> problems = new ArrayList<>();
    EnumMap<Problem.Kind, Long> problemCounts = new EnumMap<>(Problem.Kind.class);
    EnumMap<Anomaly.Kind, Long> anomalyCounts = new EnumMap<>(Anomaly.Kind.class);
    List<SlowTurn> slow = new ArrayList<>();
    ConversationAssembler assembler = new ConversationAssembler(options, new ConversationListener() {
      @Override
      public void conversation(Conversation c) {
        aggregates.add(c);
        synchronized (anomalyCounts) {
          for (Anomaly a : c.anomalies()) {
            anomalyCounts.merge(a.kind(), 1L, Long::sum);
            if (a.kind() == Anomaly.Kind.SLOW_TURN) {
              slow.add(new SlowTurn(c.id(), a.turn(), a.metric(), a.value()));
              if (slow.size() > 2 * MAX_SLOW_KEPT) {
                trimSlow(slow);
              }
            }
          }
        }
      }

      @Override
      public void problem(Problem p) {
        synchronized (problemCounts) {
          problemCounts.merge(p.kind(), 1L, Long::sum);
          if (problems.size() < MAX_PROBLEMS_KEPT) {
            problems.add(p);
          }
        }
      }
    });
    reader.read(files, assembler);
    assembler.finish();
    trimSlow(slow);
    problems.sort(problemOrder(files));
    return new Statistics(files, aggregates.build(), problems, problemCounts, anomalyCounts, slow);
  }

  private static void trimSlow(List<SlowTurn> slow) {
    slow.sort(Comparator.comparingLong(SlowTurn::micros).reversed().thenComparing(SlowTurn::conversation)
        .thenComparingInt(SlowTurn::turn));
    while (slow.size() > MAX_SLOW_KEPT) {
      slow.remove(slow.size() - 1);
    }
  }

  private static Comparator<Problem> problemOrder(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(f.toString());
    }
    return Comparator.comparingInt((Problem p) -> {
      int i = names.indexOf(p.file());
      return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparingLong(Problem::line).thenComparing(p -> p.kind()).thenComparing(Problem::message);
  }
}
