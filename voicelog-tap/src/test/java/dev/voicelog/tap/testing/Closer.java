package dev.voicelog.tap.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened, last opened first, after each test: servers, relays, clients, logs.
 * Register it with {@code @RegisterExtension final Closer closer = new Closer();}.
 *
 * <p>Not thread-safe: the test's thread adds. Every resource is closed even when one fails; the first
 * failure is thrown after, the others suppressed in it.
 */
public final class Closer implements AfterEachCallback {
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Closes {@code c} after the test (before what was added earlier); returns it. */
  public <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
