package dev.voicelog.web;

import dev.voicelog.read.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * What a skipped line said: the first {@link #MAX_CHARS} characters of the lines that problems point at, so
 * the page can show the line itself next to why it was skipped. Reads each file once, up to the last line
 * wanted, and remembers what it read. The text is data like any other log string (the page shows it as
 * text). Thread-safe.
 */
final class LineExcerpts {
  static final int MAX_CHARS = 300;

  private final Map<String, String> known = new ConcurrentHashMap<>();

  /** The excerpt of each problem that points at one line, reading what is not known yet. */
  Map<Problem, String> of(List<Problem> problems) {
    Map<String, TreeSet<Long>> wanted = new HashMap<>();
    for (Problem p : problems) {
      if (p.line() > 0 && !known.containsKey(key(p.file(), p.line()))) {
        wanted.computeIfAbsent(p.file(), f -> new TreeSet<>()).add(p.line());
      }
    }
    for (Map.Entry<String, TreeSet<Long>> w : wanted.entrySet()) {
      read(w.getKey(), w.getValue());
    }
    Map<Problem, String> out = new HashMap<>();
    for (Problem p : problems) {
      String text = p.line() > 0 ? known.get(key(p.file(), p.line())) : null;
      if (text != null) {
        out.put(p, text);
      }
    }
    return out;
  }

  private void read(String file, TreeSet<Long> lines) {
    Path path = Path.of(file);
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      long n = 0;
      long last = lines.last();
      for (String line; n < last && (line = r.readLine()) != null; ) {
        n++;
        if (lines.contains(n)) {
          known.put(key(file, n), line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) + "…" : line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the file went away or cannot be read: the problem is shown without its line
    }
  }

  private static String key(String file, long line) {
    return line + ":" + file;
  }
}
