package dev.voicelog.tap.realtime;

import dev.voicelog.EventBuilder;
import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.audio.codec.Base64Audio;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.record.ArrivalPlacement;
import dev.voicelog.audio.record.CallRecorder;
import dev.voicelog.audio.record.Interruption;
import dev.voicelog.audio.record.PlayoutListener;
import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.CloseInfo;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the session in stereo through voicelog-audio's {@link CallRecorder}: the user's appended audio on
 * the left, placed where it passed the proxy (a chunk ends when it was forwarded, jitter closed), the model's audio on the
 * right, placed by the recorder's playout model (it plays in real time from its first arrival, one delta
 * after another), both decoded from the formats the session has in force. A client's
 * {@code conversation.item.truncate} cuts the model's audio at the played position it reports (the item's
 * playback start plus {@code audio_end_ms}). The playout model's moments are logged as
 * {@code TTS_PLAYBACK_START}, {@code TTS_PLAYBACK_END} and {@code TTS_PLAYBACK_INTERRUPTED}; the file as
 * {@code RECORDING_SAVED} when the connection ends. Runs inside the audio interceptor, so it sees the payloads
 * before they are cut from the logged copy.
 */
final class RecordingInterceptor implements Interceptor {
  /** Items whose playback start is remembered for a later truncate. */
  static final int ITEMS_REMEMBERED = 64;
  /** The recording's rate: the Realtime API's PCM rate; G.711 audio is resampled up to it. */
  static final int SAMPLE_RATE = 24_000;

  private final RealtimeState state;
  private final Path directory;
  /**
   * Where the user's chunks go: each ends when it was forwarded (a client sends a chunk once it has captured
   * it), jitter closed by voicelog-audio's one rule; the forwarding time is known exactly, so the placement
   * does not depend on when this runs. Client-to-upstream thread only.
   */
  private final ArrivalPlacement userPlacement = new ArrivalPlacement(CallRecorder.DEFAULT_ARRIVAL_JITTER.toNanos());
  private volatile CallRecorder recorder;
  private final Map<String, Long> itemStarts = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > ITEMS_REMEMBERED;
    }
  };

  RecordingInterceptor(RealtimeState state, Path directory) {
    this.state = state;
    this.directory = directory;
  }

  @Override
  public void onOpen(Connection connection) {
    Session s = connection.session();
    try {
      // the recorder creates the directory, owner-only: these are callers' voices
      recorder = CallRecorder.builder(s, directory.resolve(s.id() + ".wav")).sampleRate(SAMPLE_RATE)
          .origin(s.startNanoTime()).listener(new PlayoutLog(s)).build();
    } catch (IOException | RuntimeException e) {
      s.event(EventType.ERROR).put("source", "recorder").put("error", "cannot record: " + e).log();
    }
  }

  @Override
  public void intercept(Chain chain) {
    long at = chain.proceed(chain.message());
    CallRecorder r = recorder;
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    if (r == null || e.type == null || at == Chain.NOT_SENT) {
      return;
    }
    boolean fromClient = chain.message().direction() == Direction.CLIENT_TO_UPSTREAM;
    if (fromClient && e.is(RealtimeTypes.APPEND)) {
      byte[] audio = decode(e.text("audio"));
      if (audio.length > 0) {
        AudioFormat format = state.config().input();
        r.user(audio, format, userPlacement.place(at, format.durationNanos(audio.length)));
      }
    } else if (!fromClient && RealtimeTypes.isOutputAudio(e.type)) {
      byte[] audio = decode(e.text("delta"));
      if (audio.length > 0) {
        long starts = r.agent(audio, state.config().output());
        synchronized (itemStarts) {
          itemStarts.putIfAbsent(String.valueOf(e.text("item_id")), starts);
        }
      }
    } else if (fromClient && e.is("conversation.item.truncate") && e.json.path("audio_end_ms").isNumber()) {
      Long start;
      synchronized (itemStarts) {
        start = itemStarts.get(String.valueOf(e.text("item_id")));
      }
      if (start != null) {
        long playedMs = e.json.path("audio_end_ms").asLong();
        Interruption cut = r.clearAt(start + playedMs * 1_000_000L);
        if (cut.wasPlaying()) {
          chain.connection().session().event(EventType.TTS_PLAYBACK_INTERRUPTED).at(cut.atNanos())
              .put("source", "playout").put("item_id", e.text("item_id"))
              .put("played_ms", cut.playedNanos() / 1e6).put("discarded_ms", cut.discardedNanos() / 1e6).log();
        }
      }
    }
  }

  private static byte[] decode(String base64) {
    if (base64 == null) {
      return new byte[0];
    }
    try {
      return Base64Audio.decode(base64);
    } catch (IllegalArgumentException notBase64) {
      return new byte[0];
    }
  }

  @Override
  public void onClose(Connection connection, CloseInfo close) {
    CallRecorder r = recorder;
    if (r != null) {
      r.end();
    }
  }

  /** Logs the playout model's playback start and end, at the moments it computed. */
  private static final class PlayoutLog implements PlayoutListener {
    private final Session session;

    PlayoutLog(Session session) {
      this.session = session;
    }

    @Override
    public void started(long atNanos) {
      session.event(EventType.TTS_PLAYBACK_START).at(atNanos).put("source", "playout").log();
    }

    @Override
    public void finished(long atNanos, long playedNanos) {
      end(atNanos, playedNanos).log();
    }

    /** The connection closed while the model's audio played: as the telephony taps say it. */
    @Override
    public void endedWhilePlaying(long atNanos, long playedNanos) {
      end(atNanos, playedNanos).put("call_ended_while_playing", true).log();
    }

    private EventBuilder end(long atNanos, long playedNanos) {
      return session.event(EventType.TTS_PLAYBACK_END).at(atNanos).put("source", "playout").put("played_ms", playedNanos / 1e6);
    }
  }
}
