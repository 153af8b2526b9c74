package dev.voicelog.analysis;

import dev.voicelog.read.Problem;

/**
 * Receives what a {@link ConversationAssembler} produces. Called from the threads that feed the assembler:
 * with a parallel {@code LogReader}, from several at once, so implementations must then be thread-safe.
 */
public interface ConversationListener {
  /** A complete conversation. */
  void conversation(Conversation conversation);

  /** A problem of the input. */
  void problem(Problem problem);
}
