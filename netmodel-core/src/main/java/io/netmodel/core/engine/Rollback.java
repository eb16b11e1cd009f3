package io.netmodel.core.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo actions of a multi-step operation, run newest first when a later step fails, so a
 * failed operation leaves nothing behind. A failing undo action does not stop the others;
 * its exception is added to the original failure as suppressed. Not thread-safe: one per
 * operation.
 */
final class Rollback {
  private final Deque<Runnable> actions = new ArrayDeque<>();

  /** Registers what undoes the step just done. */
  void add(Runnable undo) {
    actions.push(undo);
  }

  /** Undoes every registered step, newest first; failures go into {@code cause}. */
  void undo(Throwable cause) {
    while (!actions.isEmpty()) {
      try {
        actions.pop().run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
