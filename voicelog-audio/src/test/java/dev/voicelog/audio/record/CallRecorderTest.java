package dev.voicelog.audio.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.EventType;
import dev.voicelog.Session;
import dev.voicelog.VoiceLog;
import dev.voicelog.audio.format.AudioFormat;
import dev.voicelog.audio.format.Encoding;
import dev.voicelog.audio.testing.Tools;
import dev.voicelog.audio.wav.WavFile;
import dev.voicelog.audio.wav.WavReader;
import dev.voicelog.testing.LogFiles;
import dev.voicelog.testing.ManualClock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecorderTest {
  static final int RATE = 16_000;
  static final long MS = 1_000_000L;
  static final AudioFormat TWILIO = AudioFormat.TWILIO_MULAW;
  static final AudioFormat REALTIME = AudioFormat.REALTIME_PCM16;

  @TempDir Path dir;
  ManualClock clock;
  VoiceLog log;
  Session session;

  @BeforeEach
  void setUp() {
    clock = ManualClock.at("2026-11-21T10:00:00Z");
    log = VoiceLog.builder().directory(dir.resolve("logs")).monotonicClock(clock).wallClock(clock).shutdownHook(false).build();
    session = log.startSession("call-1");
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  /** {@code ms} of a tone in a format. */
  static byte[] tone(AudioFormat f, int ms, double hz, int amplitude, long phaseFrom) {
    int n = f.sampleRate() * ms / 1000;
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (phaseFrom + i) / f.sampleRate()));
    }
    return f.encoding().encode(s);
  }

  record Listened(String what, long at, long played) {}

  /** A listener that notes what it is told in {@code heard}. */
  static PlayoutListener listeningInto(List<Listened> heard) {
    return new PlayoutListener() {
      @Override
      public void started(long at) {
        heard.add(new Listened("started", at, 0));
      }

      @Override
      public void finished(long at, long played) {
        heard.add(new Listened("finished", at, played));
      }

      @Override
      public void endedWhilePlaying(long at, long played) {
        heard.add(new Listened("ended while playing", at, played));
      }
    };
  }

  @Test
  void aSyntheticCallLandsWithin20MsOfTheTruthOnBothChannels() throws Exception {
    clock.advanceMillis(500); // the recording starts 0.5 s into the session
    List<Listened> heard = new ArrayList<>();
    Path wav = dir.resolve("call.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).sampleRate(RATE).listener(listeningInto(heard)).build();
    long origin = rec.originNanos();
    assertThat(rec.startT()).isCloseTo(0.5, within(1e-9));

    // The truth, in ms from the recording's start.
    long userA = 1_000;
    long userAEnd = 2_000;
    long agentStart = 2_500; // a 3 s reply, sent 5x faster than real time
    long bargeIn = 5_000; // the user talks over it ...
    long cut = 5_200; // ... and the agent is cleared 200 ms later
    long userBEnd = 5_600;
    long agentB = 7_000; // a reply that arrives slower than real time: 20 ms every 40 ms
    long end = 9_000;
    long userLateBy = 300; // Twilio delivers each user frame 300 ms after its timestamp

    Interruption interruption = null;
    long agentSent = 0;
    long phaseU = 0;
    long phaseA = 0;
    for (long t = 0; t < end; t += 20) {
      clock.advanceMillis(20);
      long now = t + 20;
      // User frames whose timestamp is now - userLateBy arrive now, placed by their timestamp.
      long ts = now - userLateBy;
      if ((ts >= userA && ts < userAEnd) || (ts >= bargeIn && ts < userBEnd)) {
        rec.user(tone(TWILIO, 20, 440, 8000, phaseU), TWILIO, origin + ts * MS);
        phaseU += 160;
      }
      if (now >= agentStart && agentSent < 3_000 && now < cut) {
        rec.agent(tone(REALTIME, 100, 700, 8000, phaseA), REALTIME);
        phaseA += 2400;
        agentSent += 100;
      }
      if (now == cut) {
        interruption = rec.clear();
      }
      if (now >= agentB && now < agentB + 1_000 && (now - agentB) % 40 == 0) {
        rec.agent(tone(REALTIME, 20, 700, 8000, phaseA), REALTIME);
        phaseA += 480;
      }
    }
    assertThat(rec.end()).isTrue();

    // The interruption: 2.7 s of the reply had played, 3 s had been queued by then.
    assertThat(interruption.wasPlaying()).isTrue();
    assertThat(interruption.playbackStartNanos()).isEqualTo(origin + agentStart * MS);
    assertThat(interruption.playedNanos()).isEqualTo((cut - agentStart) * MS);
    assertThat(interruption.discardedNanos()).isEqualTo((agentStart + agentSent - cut) * MS);
    assertThat(heard.get(0)).isEqualTo(new Listened("started", origin + agentStart * MS, 0));
    assertThat(heard.get(1)).isEqualTo(new Listened("started", origin + agentB * MS, 0));
    assertThat(heard.get(2)).isEqualTo(new Listened("finished", origin + (agentB + 20) * MS, 20 * MS));

    WavFile file = WavReader.read(wav);
    assertThat(file.format()).isEqualTo(AudioFormat.of(Encoding.PCM16LE, RATE, 2));
    short[] user = file.channel(0);
    short[] agent = file.channel(1);
    assertThat(user.length).isEqualTo(agent.length).isEqualTo(end * RATE / 1000);

    assertThat(onset(user, 0)).as("user speaks").isCloseTo(userA, within(20.0));
    assertThat(offset(user, userA)).as("user stops").isCloseTo(userAEnd, within(20.0));
    assertThat(onset(user, userAEnd + 100)).as("user barges in (arrived late)").isCloseTo(bargeIn, within(20.0));
    assertThat(offset(user, bargeIn)).isCloseTo(userBEnd, within(20.0));
    assertThat(onset(agent, 0)).as("agent starts playing").isCloseTo(agentStart, within(20.0));
    assertThat(offset(agent, agentStart)).as("agent cut at the played position").isCloseTo(cut, within(20.0));
    assertThat(onset(agent, cut + 100)).as("second reply").isCloseTo(agentB, within(20.0));
    // Slower than real time: 20 ms of audio, then 20 ms of silence.
    assertThat(offset(agent, agentB)).isCloseTo(agentB + 20, within(5.0));
    assertThat(onset(agent, agentB + 25)).isCloseTo(agentB + 40, within(5.0));

    JsonNode saved = savedEvent();
    assertThat(saved.get("data").get("path").asText()).isEqualTo(wav.toAbsolutePath().toString());
    assertThat(saved.get("data").get("start_t").asDouble()).isEqualTo(0.5);
    assertThat(saved.get("data").get("frames").asLong()).isEqualTo(user.length);
    assertThat(saved.get("data").get("sample_rate").asInt()).isEqualTo(RATE);
    // And sox agrees the file is what it says.
    assertThat(new String(Tools.run(List.of("soxi", "-s", wav.toString()))).trim()).isEqualTo("" + user.length);
  }

  @Test
  void theFileGrowsWhileTheCallGoesOn() throws Exception {
    Path wav = dir.resolve("live.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).maxLateness(Duration.ofMillis(500)).build();
    for (int i = 0; i < 150; i++) {
      clock.advanceMillis(20);
      rec.user(tone(TWILIO, 20, 300, 5000, i * 160L), TWILIO, rec.originNanos() + i * 20 * MS);
    }
    assertThat(rec.flush(Duration.ofSeconds(10))).isTrue();
    WavFile partial = WavReader.read(wav); // before close: the header covers what is on disk
    assertThat(partial.frames()).isEqualTo((3_000 - 500) * RATE / 1000);
    assertThat(rec.end()).isTrue();
    assertThat(WavReader.read(wav).frames()).isEqualTo(3_000 * RATE / 1000);
  }

  @Test
  void userAudioArrivingPastTheLatenessHorizonIsPlacedThereAndCountedLate() throws Exception {
    Path wav = dir.resolve("late.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).sampleRate(RATE).maxLateness(Duration.ofMillis(500)).build();
    clock.advanceMillis(3_000);
    assertThat(rec.flush(Duration.ofSeconds(10))).isTrue(); // the file now holds 0 .. 2.5 s
    // 400 ms of user audio captured from 1 s arrives only now, 2 s late: past what may still be placed exactly
    rec.user(tone(TWILIO, 200, 300, 8000, 0), TWILIO, rec.originNanos() + 1_000 * MS);
    rec.user(tone(TWILIO, 200, 300, 8000, 1600), TWILIO, rec.originNanos() + 1_200 * MS);
    clock.advanceMillis(500);
    assertThat(rec.end()).isTrue();
    short[] user = WavReader.read(wav).channel(0);
    assertThat(onset(user, 0)).as("placed at the horizon").isCloseTo(2_500, within(2.0));
    assertThat(offset(user, 2_500)).isCloseTo(2_900, within(2.0));
    assertThat(savedEvent().get("data").get("late_samples").asLong()).as("and counted as late")
        .isEqualTo(400 * RATE / 1000);
  }

  @Test
  void theRecordingAndTheDirectoriesItCreatesAreOwnerOnly() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
    Path recordings = dir.resolve("logs/recordings");
    Path wav = recordings.resolve("call-1.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).build();
    clock.advanceMillis(100);
    rec.user(tone(TWILIO, 20, 300, 5000, 0), TWILIO, rec.originNanos());
    assertThat(rec.end()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recordings))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wav))).isEqualTo("rw-------");

    // An earlier file at the path, readable by all, is replaced by an owner-only one.
    Files.setPosixFilePermissions(wav, PosixFilePermissions.fromString("rw-r--r--"));
    CallRecorder again = CallRecorder.builder(session, wav).build();
    assertThat(again.end()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wav))).isEqualTo("rw-------");
  }

  @Test
  void arrivalPlacementClosesJitterGapsButKeepsRealSilence() throws Exception {
    Path wav = dir.resolve("arrival.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).build();
    long[] arrivals = {40, 65, 78, 100, 118, 800}; // jittery 20 ms frames, then a pause
    long prev = 0;
    for (long a : arrivals) {
      clock.advanceMillis(a - prev);
      prev = a;
      rec.userArrived(tone(TWILIO, 20, 300, 5000, 0), 0, 160, TWILIO);
    }
    clock.advanceMillis(200);
    rec.end();
    short[] user = WavReader.read(wav).channel(0);
    assertThat(onset(user, 0)).isCloseTo(20, within(2.0)); // the first frame ends when it arrived
    assertThat(offset(user, 20)).isCloseTo(120, within(2.0)); // five frames back to back
    assertThat(onset(user, 200)).isCloseTo(780, within(2.0));
  }

  @Test
  void agentAudioIsPlacedByTheArrivalTheCallerGivesNotByWhenTheCallComes() throws Exception {
    Path wav = dir.resolve("arrived.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).sampleRate(RATE).build();
    long origin = rec.originNanos();
    clock.advanceMillis(1_000);
    // a relay read this reply 400 ms ago; its chain hands it to the recorder only now
    assertThat(rec.agent(tone(TWILIO, 200, 500, 8000, 0), 0, 1600, TWILIO, origin + 600 * MS)).isEqualTo(origin + 600 * MS);
    assertThat(rec.agentPlayEnd()).isEqualTo(origin + 800 * MS);
    clock.advanceMillis(500);
    rec.end();
    short[] agent = WavReader.read(wav).channel(1);
    assertThat(onset(agent, 0)).isCloseTo(600, within(2.0));
    assertThat(offset(agent, 600)).isCloseTo(800, within(2.0));
  }

  @Test
  void agentPlayingIsTrueFromTheAudiosArrivalUntilItHasPlayed() throws Exception {
    CallRecorder rec = CallRecorder.builder(session, dir.resolve("playing.wav")).sampleRate(RATE).build();
    assertThat(rec.agentPlaying()).isFalse();
    rec.agent(tone(TWILIO, 200, 500, 8000, 0), TWILIO);
    assertThat(rec.agentPlaying()).isTrue();
    clock.advanceMillis(150);
    rec.agent(tone(TWILIO, 100, 500, 8000, 1200), TWILIO); // queued behind the first: plays until 300 ms
    clock.advanceMillis(140);
    assertThat(rec.agentPlaying()).as("290 ms: the second chunk still plays").isTrue();
    clock.advanceMillis(20);
    assertThat(rec.agentPlaying()).as("310 ms: all played").isFalse();
    rec.end();
  }

  @Test
  void aRecordingEndedWhileTheAgentPlaysEndsThatPlaybackWhereTheFileStops() throws Exception {
    List<Listened> heard = new ArrayList<>();
    Path wav = dir.resolve("cut.wav");
    CallRecorder rec = CallRecorder.builder(session, wav).sampleRate(RATE).listener(listeningInto(heard)).build();
    long origin = rec.originNanos();
    clock.advanceMillis(100);
    rec.agent(tone(REALTIME, 1_000, 500, 8000, 0), REALTIME); // a second of reply, from 100 ms
    clock.advanceMillis(300); // the connection closes 300 ms into it
    rec.end();
    assertThat(heard).containsExactly(new Listened("started", origin + 100 * MS, 0),
        new Listened("ended while playing", origin + 400 * MS, 300 * MS));
    short[] agent = WavReader.read(wav).channel(1);
    assertThat(agent.length).isEqualTo(400 * RATE / 1000);
  }

  @Test
  void audioMethodsNeverThrowOrBlockWhenTheQueueIsFull() throws Exception {
    CallRecorder rec = CallRecorder.builder(session, dir.resolve("full.wav")).queueCapacity(16).build();
    byte[] frame = tone(TWILIO, 20, 300, 5000, 0);
    for (int i = 0; i < 10_000; i++) {
      rec.user(frame, TWILIO, rec.originNanos());
    }
    rec.end();
    assertThat(rec.droppedFrames()).isPositive();
    rec.user(frame, TWILIO, rec.originNanos()); // after close: counted, not thrown
    assertThat(savedEvent().get("data").get("dropped_frames").asLong()).isPositive();
    assertThat(Files.size(dir.resolve("full.wav"))).isGreaterThan(44);
  }

  private JsonNode savedEvent() {
    assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
    return LogFiles.events(dir.resolve("logs")).stream()
        .filter(e -> e.get("event_type").asText().equals(EventType.RECORDING_SAVED.name())).findFirst().orElseThrow();
  }

  /** Ms of the first sample at or after {@code fromMs} with |x| >= 1000. */
  static double onset(short[] x, long fromMs) {
    int i = Tools.firstAbove(x, (int) (fromMs * RATE / 1000), 1000);
    assertThat(i).as("a sound after %d ms", fromMs).isNotNegative();
    return i * 1000.0 / RATE;
  }

  /** Ms just after the last loud sample of the sound that starts after {@code fromMs} (ends at 15 ms of quiet). */
  static double offset(short[] x, long fromMs) {
    int i = Tools.firstAbove(x, (int) (fromMs * RATE / 1000), 1000);
    int quiet = 15 * RATE / 1000;
    int last = i;
    for (int j = i; j < x.length && j - last < quiet; j++) {
      if (Math.abs((int) x[j]) >= 1000) {
        last = j;
      }
    }
    return (last + 1) * 1000.0 / RATE;
  }
}
