package io.netmodel.linux.ns;

import java.util.function.BooleanSupplier;

/**
 * A short busy wait, for hand-overs between threads that usually complete within microseconds:
 * parking and being woken costs tens of microseconds on a virtual machine (the wake-up's
 * inter-processor interrupt leaves the guest). The first {@link #PURE_NANOS} spin on the CPU;
 * after that each turn yields it, so that a waiter sharing its CPU with the thread it waits for
 * (two vCPUs, other work) lets that thread run instead of burning the CPU it needs.
 */
final class Spin {
  /** How long the wait spins without yielding. */
  static final long PURE_NANOS = 3_000;

  private Spin() {}

  /**
   * Waits until {@code done} answers true or {@code budgetNanos} have passed; true if it did.
   * The caller parks afterwards if not.
   */
  static boolean until(BooleanSupplier done, long budgetNanos) {
    long start = System.nanoTime();
    while (!done.getAsBoolean()) {
      long spent = System.nanoTime() - start;
      if (spent >= budgetNanos) {
        return false;
      }
      if (spent < PURE_NANOS) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return true;
  }
}
