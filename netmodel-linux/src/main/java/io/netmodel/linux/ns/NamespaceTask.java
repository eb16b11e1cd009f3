package io.netmodel.linux.ns;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One piece of work for a namespace thread, and the caller's wait for its outcome.
 *
 * <p>The caller spins briefly ({@link #SPIN_NANOS}) for a short task's outcome, then waits on a
 * {@link ReentrantLock} condition, so a waiting virtual thread unmounts instead of pinning its
 * carrier for longer than the spin. If the caller is interrupted before the task has started, the
 * task is cancelled and never runs; once it runs, the interrupt is passed on to the worker running
 * it and the caller keeps waiting for the outcome, so that work done in a namespace is never
 * abandoned half-way.
 */
final class NamespaceTask<T> {
  private enum State {
    QUEUED,
    RUNNING,
    DONE,
    CANCELLED
  }

  /**
   * How long a caller spins for the outcome before it parks. A parked thread's wake-up costs
   * tens of microseconds on a virtual machine (the scheduler's inter-processor interrupt leaves
   * the guest), more than most namespace tasks take.
   */
  static final long SPIN_NANOS = 50_000;

  private final Callable<T> body;
  private final ReentrantLock lock = new ReentrantLock();
  /** Set, after the outcome, when the task ends: what a spinning caller watches. */
  private volatile boolean ended;
  private final Condition finished = lock.newCondition();
  private State state = State.QUEUED;
  private Thread runner;
  private T value;
  private Throwable failure;

  NamespaceTask(Callable<T> body) {
    this.body = body;
  }

  /** Called by the worker: claims the task; false if it was cancelled. */
  boolean begin() {
    lock.lock();
    try {
      if (state != State.QUEUED) {
        return false;
      }
      state = State.RUNNING;
      runner = Thread.currentThread();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Called by the worker after {@link #begin}: runs the body and records its outcome. */
  void runBody() {
    T result = null;
    Throwable thrown = null;
    try {
      result = body.call();
    } catch (Throwable t) { // the caller gets whatever the task threw, unchanged
      thrown = t;
    }
    finish(result, thrown);
  }

  /** Ends the task with {@code cause}, without running it (or after it failed to start). */
  void fail(Throwable cause) {
    finish(null, cause);
  }

  private void finish(T result, Throwable thrown) {
    lock.lock();
    try {
      if (state == State.DONE || state == State.CANCELLED) {
        return;
      }
      value = result;
      failure = thrown;
      state = State.DONE;
      if (runner == Thread.currentThread()) {
        // An interrupt passed on by the caller is for this task only: clear it before the
        // worker moves on. No later one can come, as the state is now DONE.
        Thread.interrupted();
      }
      runner = null;
      ended = true;
      finished.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the outcome: returns the result or throws what the body threw.
   *
   * @throws InterruptedException if interrupted before the task started (it is then cancelled)
   */
  T await() throws Exception {
    return await(SPIN_NANOS);
  }

  /**
   * As {@link #await()}, spinning up to {@code spinNanos} (yielding the CPU after the first few
   * microseconds) before it parks: for a task known to take longer than {@link #SPIN_NANOS}.
   */
  T await(long spinNanos) throws Exception {
    Spin.until(() -> ended || Thread.currentThread().isInterrupted(), spinNanos);
    boolean interrupted = false;
    lock.lock();
    try {
      while (state == State.QUEUED || state == State.RUNNING) {
        try {
          finished.await();
        } catch (InterruptedException e) {
          if (state == State.QUEUED) {
            state = State.CANCELLED;
            throw e;
          }
          if (state == State.RUNNING && !interrupted) {
            runner.interrupt();
          }
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure instanceof Exception) {
      throw (Exception) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException("namespace task failed", failure);
    }
    return value;
  }
}
