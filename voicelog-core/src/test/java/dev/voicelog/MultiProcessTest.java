package dev.voicelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voicelog.testing.ChildJvm;
import dev.voicelog.testing.LogFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four processes append to one file at once: every line is whole, none is spliced into another. */
class MultiProcessTest {
  private static final int PROCESSES = 4;
  private static final int PER_THREAD = 20_000;

  @TempDir Path tmp;

  @Test
  void fourProcessesIntoOneDirectoryNeverSpliceLines() {
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        ChildJvm c = ChildJvm.start(LoggingChild.class, tmp.toString(), "count", "proc" + p, String.valueOf(PER_THREAD));
        children.add(c);
      }
      children.forEach(c -> c.awaitLine("READY"));
      children.forEach(c -> c.send("GO")); // all start together, so their appends interleave
      children.forEach(c -> c.awaitLine("DONE"));
    } finally {
      children.forEach(ChildJvm::close);
    }

    assertThat(LogFiles.files(tmp)).hasSize(1);
    List<String> lines = LogFiles.lines(tmp);
    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, Integer> ticks = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (String line : lines) {
      JsonNode e = LogFiles.parse(line); // a spliced line would not parse
      String id = e.get("session_id").asText();
      assertThat(e.get("seq").asLong()).isEqualTo(lastSeq.getOrDefault(id, 0L) + 1);
      lastSeq.put(id, e.get("seq").asLong());
      if (e.get("event_type").asText().equals("TICK")) {
        assertThat(id).startsWith(e.get("data").get("process").asText() + "-");
        ticks.merge(id, 1, Integer::sum);
      }
      String process = id.substring(0, id.indexOf('-'));
      if (order.isEmpty() || !order.get(order.size() - 1).equals(process)) {
        order.add(process);
      }
    }
    assertThat(ticks).hasSize(PROCESSES * LoggingChild.THREADS);
    assertThat(ticks.values()).allMatch(n -> n == PER_THREAD);
    assertThat(order.size()).as("the processes' appends interleaved").isGreaterThan(PROCESSES * 10);
  }
}
