package dev.voicelog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicelog.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outputs people and scripts rely on, compared byte for byte with the files committed under
 * src/test/resources/golden/ (the temporary directory of the fixtures is written as {@code DIR}).
 * After an intended change, regenerate them with {@code mvn -pl voicelog-cli test -Dgolden.update=true}
 * and review the diff.
 */
class GoldenOutputTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir Path tmp;

  static Stream<Arguments> outputs() {
    return Stream.of(
        Arguments.of("summary-native.txt", new String[] {"summary", "native", "--slow", "1.5s"}),
        Arguments.of("summary-native.json", new String[] {"summary", "native", "--slow", "1.5s", "--format", "json"}),
        Arguments.of("summary-voicemode.txt", new String[] {"summary", "voicemode"}),
        Arguments.of("summary-voicemode.json", new String[] {"summary", "voicemode", "--format", "json"}),
        Arguments.of("summary-realtime.txt", new String[] {"summary", "realtime"}),
        Arguments.of("summary-realtime.json", new String[] {"summary", "realtime", "--format", "json"}),
        Arguments.of("summary-all.csv", new String[] {"summary", "native", "voicemode", "realtime", "--format", "csv"}),
        Arguments.of("timeline-native.txt", new String[] {"timeline", "native", "--session", "call_9c21"}),
        Arguments.of("timeline-realtime.json", new String[] {"timeline", "realtime", "--format", "json"}),
        Arguments.of("stats-all.txt", new String[] {"stats", "native", "voicemode", "realtime", "--by", "provider", "--slow", "1.5s"}),
        Arguments.of("stats-all.json", new String[] {"stats", "native", "voicemode", "realtime", "--slow", "1.5s", "--format", "json"}),
        Arguments.of("stats-all.csv", new String[] {"stats", "native", "voicemode", "realtime", "--by", "voice", "--format", "csv"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outputs")
  void outputMatchesItsGoldenFile(String golden, String[] args) throws IOException {
    Path dir = tmp.resolve("fixtures");
    for (String f : new String[] {Fixtures.NATIVE, Fixtures.VOICEMODE, Fixtures.REALTIME}) {
      Path sub = Files.createDirectories(dir.resolve(f.substring(0, f.indexOf('/'))));
      Fixtures.copy(f, sub);
    }
    String[] resolved = args.clone();
    for (int i = 1; i < resolved.length; i++) {
      if (Files.isDirectory(dir.resolve(resolved[i])) && !resolved[i - 1].startsWith("--")) {
        resolved[i] = dir.resolve(resolved[i]).toString();
      }
    }
    Run r = Run.of(resolved);
    r = new Run(r.exit, r.out, r.err.replace(dir.toString(), "DIR"));
    assertThat(r.exit).as(r.toString()).isZero();
    if (golden.endsWith(".csv") && !golden.startsWith("stats")) { // the input's problems: a CSV has no place for them
      assertThat(r.err.lines()).as(r.toString()).isNotEmpty().allMatch(l -> l.startsWith("voicelog: warning: DIR/"));
    } else {
      assertThat(r.err).isEmpty();
    }
    String actual = r.out.replace(dir.toString(), "DIR");
    Path file = GOLDEN.resolve(golden);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
