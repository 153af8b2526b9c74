package dev.voicelog.bench.logger;

import dev.voicelog.OverflowPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shows that the loggers write equivalent lines: logs three sample events with the logger named by the
 * argument ({@code voicelog}, {@code log4j2} or {@code log4j2-epoch}), through the same
 * {@link LoggerUnderTest} code the benchmarks run, and prints every line with its length. One logger per
 * JVM, like the benchmarks' forks (Log4j2 is configured once per JVM).
 *
 * <pre>for l in voicelog log4j2 log4j2-epoch; do java -cp voicelog-bench/target/benchmarks.jar dev.voicelog.bench.logger.SampleLines $l; done</pre>
 */
public final class SampleLines {
  private SampleLines() {}

  public static void main(String[] args) throws IOException {
    for (String flag : LoggerBenchmarks.LOG4J2_FLAGS) { // what the forks get on their command line
      String[] kv = flag.substring("-D".length()).split("=", 2);
      System.setProperty(kv[0], kv[1]);
    }
    for (String logger : args.length == 0 ? List.of("voicelog") : List.of(args)) {
      Path dir = BenchFiles.newDirectory(logger);
      try {
        LoggerUnderTest target = LoggerBenchmarks.open(logger, dir, OverflowPolicy.BLOCK);
        for (int i = 0; i < 3; i++) {
          target.log(1000 + i);
        }
        target.verifyAllWritten();
        for (Path f : BenchFiles.files(dir)) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            System.out.printf("%-8s %3d B  %s%n", logger, line.getBytes(StandardCharsets.UTF_8).length + 1, line);
          }
        }
        target.close();
      } finally {
        BenchFiles.deleteRecursively(dir);
      }
    }
  }
}
