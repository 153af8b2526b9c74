package dev.voicelog.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads what a log wrote, for assertions: every line of every voicelog file of a directory, parsed. */
public final class LogFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogFiles() {}

  public static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("voicelog_events")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> lines(Path dir) {
    List<String> out = new ArrayList<>();
    for (Path f : files(dir)) {
      try {
        out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Parses every line; a line that is not a JSON object fails the test, naming it. */
  public static List<JsonNode> events(Path dir) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines(dir)) {
      out.add(parse(line));
    }
    return out;
  }

  /** The events of one {@code event_type}, in file order. */
  public static List<JsonNode> events(Path dir, String type) {
    return events(dir).stream().filter(e -> e.path("event_type").asText().equals(type)).toList();
  }

  public static JsonNode parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new AssertionError("not a JSON object: " + line);
      }
      return n;
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
