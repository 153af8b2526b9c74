package dev.voicelog;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link VoiceLog}. Every setting has a named default; {@link #build()} validates them all and
 * throws a {@link VoiceLogConfigException} naming the first that cannot be used.
 *
 * <p><b>Environment.</b> {@link #fromEnvironment(Map)} maps these variables onto the builder (later builder
 * calls override them); they are read there and nowhere else:
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>values</th><th>default</th></tr>
 *   <tr><td>{@code VOICELOG_ENABLED}</td><td>true, false (also 1/0, yes/no, on/off)</td><td>true</td></tr>
 *   <tr><td>{@code VOICELOG_DIR}</td><td>a directory</td><td>{@code ~/.voicelog/events}</td></tr>
 *   <tr><td>{@code VOICELOG_ROTATION}</td><td>daily, hourly, none</td><td>daily</td></tr>
 *   <tr><td>{@code VOICELOG_QUEUE_CAPACITY}</td><td>events, 2 to 16777216 (rounded up to a power of two)</td><td>8192</td></tr>
 *   <tr><td>{@code VOICELOG_OVERFLOW}</td><td>drop, block</td><td>drop</td></tr>
 *   <tr><td>{@code VOICELOG_REDACT}</td><td>none, text</td><td>none</td></tr>
 *   <tr><td>{@code VOICELOG_REDACT_KEY}</td><td>a secret string: keys the redaction hash, so hashes compare across processes</td><td>random per process</td></tr>
 * </table>
 *
 * <p>Not thread-safe; a builder is used by one thread and may build several logs.
 */
public final class VoiceLogBuilder {
  /** {@code ~/.voicelog/events}. */
  public static final Path DEFAULT_DIRECTORY = Path.of(System.getProperty("user.home"), ".voicelog", "events");
  /** Events the queue holds before the overflow policy applies. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;
  /** The largest queue: 16 Mi events. */
  public static final int MAX_QUEUE_CAPACITY = 1 << 24;
  /** How long {@link VoiceLog#close()} and the shutdown hook wait for the queue to be written. */
  public static final int DEFAULT_CLOSE_TIMEOUT_SECONDS = 5;
  /** How often a session with audio flowing writes an AUDIO_STATS line within a turn. */
  public static final Duration DEFAULT_AUDIO_STATS_INTERVAL = Duration.ofSeconds(10);

  boolean enabled = true;
  Path directory = DEFAULT_DIRECTORY;
  Rotation rotation = Rotation.DAILY;
  int queueCapacity = DEFAULT_QUEUE_CAPACITY;
  OverflowPolicy overflow = OverflowPolicy.DROP;
  Redaction redaction = Redaction.NONE;
  final Set<String> redactedFields = new LinkedHashSet<>(Redaction.TEXT_FIELDS);
  byte[] redactionKey;
  boolean shutdownHook = true;
  Duration closeTimeout = Duration.ofSeconds(DEFAULT_CLOSE_TIMEOUT_SECONDS);
  Duration audioStatsInterval = DEFAULT_AUDIO_STATS_INTERVAL;
  final List<LineListener> listeners = new ArrayList<>();
  MonotonicClock monotonicClock = MonotonicClock.SYSTEM;
  WallClock wallClock = WallClock.SYSTEM;

  VoiceLogBuilder() {}

  /**
   * Applies the {@code VOICELOG_*} variables of {@code env} (usually {@code System.getenv()}).
   *
   * @throws VoiceLogConfigException naming the variable, its value and what was expected
   */
  public VoiceLogBuilder fromEnvironment(Map<String, String> env) {
    EnvironmentConfig.apply(env, this);
    return this;
  }

  /** False gives a log that writes nothing and costs nothing. */
  public VoiceLogBuilder enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** Where the files go; created (0700) when missing. */
  public VoiceLogBuilder directory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** When a new file starts; see {@link Rotation}. */
  public VoiceLogBuilder rotation(Rotation rotation) {
    this.rotation = Objects.requireNonNull(rotation, "rotation");
    return this;
  }

  /** Events the queue holds (rounded up to a power of two). */
  public VoiceLogBuilder queueCapacity(int events) {
    this.queueCapacity = events;
    return this;
  }

  /** What a caller does when the queue is full; see {@link OverflowPolicy}. */
  public VoiceLogBuilder overflow(OverflowPolicy overflow) {
    this.overflow = Objects.requireNonNull(overflow, "overflow");
    return this;
  }

  /** Whether spoken text is written; see {@link Redaction}. */
  public VoiceLogBuilder redaction(Redaction redaction) {
    this.redaction = Objects.requireNonNull(redaction, "redaction");
    return this;
  }

  /** Another data field holding spoken text, redacted along with message, text and transcript. */
  public VoiceLogBuilder redactField(String field) {
    redactedFields.add(Objects.requireNonNull(field, "field"));
    return this;
  }

  /** The key of the redaction hash; by default random per process, so hashes only compare within it. */
  public VoiceLogBuilder redactionKey(byte[] key) {
    this.redactionKey = key == null ? null : key.clone();
    return this;
  }

  /** Whether a JVM shutdown hook closes the log (default true). */
  public VoiceLogBuilder shutdownHook(boolean install) {
    this.shutdownHook = install;
    return this;
  }

  /** How long {@link VoiceLog#close()} and the shutdown hook wait for queued events. */
  public VoiceLogBuilder closeTimeout(Duration timeout) {
    this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
    return this;
  }

  /** How often AUDIO_STATS is written while audio flows within one turn. */
  public VoiceLogBuilder audioStatsInterval(Duration interval) {
    this.audioStatsInterval = Objects.requireNonNull(interval, "audioStatsInterval");
    return this;
  }

  /**
   * Adds a consumer of every line written (see {@link LineListener}: its own thread, bounded, never slows
   * logging). Listeners are called in the order added.
   */
  public VoiceLogBuilder addListener(LineListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** The clock of {@code t} and of every duration (tests inject one). */
  public VoiceLogBuilder monotonicClock(MonotonicClock clock) {
    this.monotonicClock = Objects.requireNonNull(clock, "monotonicClock");
    return this;
  }

  /** The clock of {@code timestamp}, read once per session (tests inject one). */
  public VoiceLogBuilder wallClock(WallClock clock) {
    this.wallClock = Objects.requireNonNull(clock, "wallClock");
    return this;
  }

  /**
   * Validates the settings and starts the log (its writer thread, and the shutdown hook if asked for).
   * Does no I/O: a directory that cannot be created is reported when the first event is written.
   *
   * @throws VoiceLogConfigException naming the setting that cannot be used
   */
  public VoiceLog build() {
    if (!enabled) {
      return VoiceLog.disabled();
    }
    if (queueCapacity < 2 || queueCapacity > MAX_QUEUE_CAPACITY) {
      throw new VoiceLogConfigException("queueCapacity must be from 2 to " + MAX_QUEUE_CAPACITY + ", got " + queueCapacity);
    }
    if (closeTimeout.isNegative()) {
      throw new VoiceLogConfigException("closeTimeout must not be negative, got " + closeTimeout);
    }
    if (audioStatsInterval.isNegative() || audioStatsInterval.isZero()) {
      throw new VoiceLogConfigException("audioStatsInterval must be positive, got " + audioStatsInterval);
    }
    byte[] key = redactionKey;
    if (key == null) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    } else if (key.length == 0) {
      throw new VoiceLogConfigException("redactionKey must not be empty");
    }
    int capacity = Integer.highestOneBit(queueCapacity - 1) << 1;
    return new VoiceLog(this, capacity, key);
  }
}
