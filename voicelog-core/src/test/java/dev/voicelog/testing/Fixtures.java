package dev.voicelog.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fixture logs of the three formats (src/test/resources/fixtures, also in the test-jar):
 * <ul>
 *   <li>{@link #NATIVE}: two interleaved native sessions (greeting, a tool call, an interruption,
 *       STT_NO_SPEECH, an LLM error, a TTS error, two lost events);</li>
 *   <li>{@link #VOICEMODE}: the seed logger's sessions, one per converse() call, where the per-session
 *       pairing gives the seed's {@code response_time -34.9s};</li>
 *   <li>{@link #REALTIME}: seeds/002's Python logger on a Realtime session (local timestamps, an
 *       interruption, an error).</li>
 * </ul>
 */
public final class Fixtures {
  public static final String NATIVE = "native/voicelog_events_2026-11-21.jsonl";
  public static final String VOICEMODE = "voicemode/voicemode_events_2025-06-23.jsonl";
  public static final String REALTIME = "realtime/realtime_api_20251025_120000.jsonl";

  private Fixtures() {}

  /** Copies a fixture into {@code dir} (keeping its file name) and returns the copy. */
  public static Path copy(String fixture, Path dir) {
    Path target = dir.resolve(fixture.substring(fixture.lastIndexOf('/') + 1));
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's lines. */
  public static java.util.List<String> lines(String fixture) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
