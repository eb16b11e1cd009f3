package io.netmodel.examples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What happens when netmodel is told to stop (SIGTERM, SIGINT, SIGHUP) while it runs a user's
 * command: the command is sent SIGTERM, as Docker passes signals on, and the JVM's exit waits
 * until the invocation has finished its clean-up (for {@code run --rm}: removing the sandbox).
 * Without this the JVM would halt at once, leaving the sandbox, its namespace and the command
 * behind. Close it last, after everything it should wait for. Thread-safe.
 */
final class StopHook implements AutoCloseable {
  /** How long a stop waits for the command to end and the clean-up to finish. */
  private static final long GRACE_SECONDS = 10;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stopping, "netmodel-stop");
  private Process child;
  private boolean stopping;

  private StopHook() {}

  static StopHook install() {
    StopHook stop = new StopHook();
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** The command now running; it is stopped at once if a stop has already begun. */
  synchronized void watch(Process process) {
    child = process;
    if (stopping) {
      process.destroy();
    }
  }

  private void stopping() {
    synchronized (this) {
      stopping = true;
      if (child != null) {
        child.destroy();
      }
    }
    try {
      finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyStopping) {
      // The JVM is exiting and the hook is running; counting down above lets it end.
    }
  }
}
