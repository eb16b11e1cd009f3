package io.netmodel.bench.micro;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.ns.LinuxNamespaceHandle;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.sys.Syscalls;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A namespace task round trip, {@code handle.call(() -> 1)} on a throwaway namespace (the
 * caller hands the task to a library thread, which enters the namespace, runs it, returns
 * home, and hands the result back), against the floor: a raw {@code setns} there and back on
 * the benchmark's own thread, the two system calls the library thread makes. The aim:
 * the first within 10 µs of the second. A third, the control, is the hand-over alone: the same
 * task through a one-thread {@link ExecutorService} and back, no namespace change; so the
 * round trip's cost splits into the thread hand-over (which the rule "never {@code setns} on
 * a caller's thread" makes unavoidable), the two {@code setns}, and what the library adds.
 *
 * <p>The raw pair changes the namespace of the benchmark's thread, which a library must never
 * do to a caller's thread; this benchmark owns its thread, and checks in its tear-down that
 * the thread is back home.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NamespaceRoundTrip {
  private static final Path THREAD_SELF_NET = Path.of("/proc/thread-self/ns/net");
  private static final String TARGET = "the throwaway namespace";
  private static final String HOME = "the benchmark thread's home namespace";

  private ThrowawayNamespace namespace;
  private LinuxNamespaceHandle handle;
  private NamespaceId homeId;
  private int targetFd = -1;
  private int homeFd = -1;
  private ExecutorService executor;

  /** The namespace, and both descriptors opened once on the benchmark's thread. */
  @Setup(Level.Trial)
  public void setUp() {
    homeId = LinuxNamespaces.currentThreadNamespace();
    namespace = ThrowawayNamespace.create();
    handle = namespace.handle();
    targetFd =
        Syscalls.open(namespace.file(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    homeFd = Syscalls.open(THREAD_SELF_NET, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    executor = Executors.newSingleThreadExecutor();
  }

  /** {@code NamespaceHandle.call}: to a namespace thread and back, two setns on the way. */
  @Benchmark
  public Integer handleCall() throws Exception {
    return handle.call(() -> 1);
  }

  /**
   * {@code NamespaceHandle.call} as an attach makes it: after the caller has worked on its own for
   * {@value CallerAtWork#WORK_MICROS} µs (state files, IPAM), so the library thread has gone idle
   * and, on a virtual machine, its vCPU may have halted. The work is in an invocation set-up, not
   * timed. In a back-to-back loop ({@link #handleCall}) both threads stay hot, which an attach
   * never sees.
   */
  @Benchmark
  public Integer handleCallAfterIdle(CallerAtWork work) throws Exception {
    return handle.call(() -> 1);
  }

  /** The caller's own work between two namespace tasks, as a busy wait on its thread. */
  @State(Scope.Thread)
  public static class CallerAtWork {
    /** How long the caller works between two tasks. */
    public static final long WORK_MICROS = 500;

    /** Works (spins) for {@link #WORK_MICROS}; not part of the timed call. */
    @Setup(Level.Invocation)
    public void work() {
      long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(WORK_MICROS);
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    }
  }

  /** The floor: {@code setns(target)} and {@code setns(home)} on this thread. */
  @Benchmark
  public void rawSetnsPair() {
    Syscalls.setns(targetFd, Syscalls.CLONE_NEWNET, TARGET);
    Syscalls.setns(homeFd, Syscalls.CLONE_NEWNET, HOME);
  }

  /** The control: the task to another platform thread and back, no namespace change. */
  @Benchmark
  public Integer plainThreadHandoff() throws Exception {
    return executor.submit(() -> 1).get();
  }

  /**
   * Stops the executor, closes the descriptors and removes the namespace.
   *
   * @throws IllegalStateException if the benchmark's thread did not end in its home namespace
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    NamespaceId now = LinuxNamespaces.currentThreadNamespace();
    if (executor != null) {
      executor.shutdownNow();
    }
    try {
      if (homeFd >= 0) {
        Syscalls.close(homeFd, HOME);
      }
      if (targetFd >= 0) {
        Syscalls.close(targetFd, TARGET);
      }
    } finally {
      if (namespace != null) {
        namespace.close();
      }
    }
    if (!now.equals(homeId)) {
      throw new IllegalStateException(
          "the benchmark thread did not return to its home namespace " + homeId + ": " + now);
    }
  }
}
