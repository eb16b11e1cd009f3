package io.netmodel.linux.ns;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A network namespace of the real kernel, held by an open descriptor of its nsfs file ({@code
 * O_RDONLY|O_CLOEXEC}), with the library's threads to run code inside it. Made by {@link
 * LinuxNamespaces}.
 *
 * <pre>{@code
 * try (LinuxNamespaceHandle web = namespaces.open("web")) {
 *   String addresses = new String(web.start(new ProcessBuilder("ip", "-br", "addr"))
 *       .getInputStream().readAllBytes());
 * }
 * }</pre>
 *
 * <p>{@link #call}, {@link #run} and {@link #start} run on a platform thread of the library that
 * has done {@code setns(fd, CLONE_NEWNET)}, and that does {@code setns} back to its home namespace
 * when the task ends, successful or not (a thread that cannot is retired). The caller only waits;
 * its thread never changes namespace, platform or virtual. Tasks of one handle run one at a time,
 * in submission order. A task that calls back into its own handle runs the nested task at once on
 * its own thread (it is already inside).
 *
 * <p>If the waiting caller is interrupted before its task started, the task is cancelled: {@code
 * call} throws {@link InterruptedException}, {@code run} and {@code start} throw {@link
 * CancellationException}, and the caller's interrupt flag is set. Once the task runs, the interrupt
 * is passed on to the thread running it, and the caller waits for the outcome and gets it with its
 * interrupt flag set.
 *
 * <p><b>Child processes.</b> {@link #start} calls {@link ProcessBuilder#start()} on the switched
 * thread, so the child is born in this namespace. In JDK 17 ({@code java.lang.ProcessHandleImpl})
 * each child is waited for by a "process reaper" thread of a JDK-wide cached thread pool ({@code
 * Executors.newCachedThreadPool}, 60 s keep-alive), and {@code ProcessBuilder.start()} submits to
 * that pool from the calling thread: when no reaper is idle, the new reaper thread is created by
 * the switched thread and so lives in this namespace. It holds the namespace (and its interfaces)
 * alive after the namespace is deleted, until it has been idle for 60 s; it is harmless otherwise.
 *
 * <p>Identity is the namespace's {@linkplain #id() device and inode}: handles on one namespace are
 * equal whatever they were opened by. Thread-safe. {@link #close()} is idempotent; the descriptor
 * is closed once tasks already submitted have run.
 */
public final class LinuxNamespaceHandle implements NamespaceHandle {
  private final NamespaceThreads threads;
  private final int fd;
  private final NamespaceId id;
  private final Optional<String> name;
  private final Optional<Path> path;
  private final String description;

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<NamespaceTask<?>> queue = new ArrayDeque<>(); // guarded by lock
  private boolean scheduled; // a worker is draining the queue; guarded by lock
  private boolean closed; // guarded by lock
  private boolean fdClosed; // guarded by lock
  private volatile Thread runner; // the worker running this handle's tasks, while it does

  LinuxNamespaceHandle(
      NamespaceThreads threads,
      int fd,
      NamespaceId id,
      Optional<String> name,
      Optional<Path> path) {
    this.threads = threads;
    this.fd = fd;
    this.id = id;
    this.name = name;
    this.path = path;
    this.description =
        name.map(n -> "netns " + n).or(() -> path.map(p -> "netns " + p)).orElse("netns")
            + " ("
            + id.linkText()
            + ")";
  }

  @Override
  public NamespaceId id() {
    return id;
  }

  @Override
  public Optional<String> name() {
    return name;
  }

  @Override
  public Optional<Path> path() {
    return path;
  }

  /**
   * The open descriptor of the namespace file, for requests that name a namespace by descriptor
   * ({@code IFLA_NET_NS_FD}). It stays open until the handle is closed; do not close it.
   *
   * @throws IllegalStateException if the handle is closed
   */
  public int fd() {
    lock.lock();
    try {
      requireOpen();
      return fd;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T call(Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task");
    if (Thread.currentThread() == runner) {
      return task.call();
    }
    return submit(new NamespaceTask<>(task)).await();
  }

  @Override
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (Thread.currentThread() == runner) {
      task.run();
      return;
    }
    NamespaceTask<Void> t =
        new NamespaceTask<>(
            () -> {
              task.run();
              return null;
            });
    try {
      awaitUnchecked(submit(t));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a Runnable threw a checked exception", e);
    }
  }

  @Override
  public Process start(ProcessBuilder builder) throws IOException {
    Objects.requireNonNull(builder, "builder");
    if (Thread.currentThread() == runner) {
      return builder.start();
    }
    try {
      return awaitUnchecked(submit(new NamespaceTask<>(builder::start)));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("ProcessBuilder.start threw " + e, e);
    }
  }

  /** Waits; an interrupt before the task started becomes a CancellationException. */
  private static <T> T awaitUnchecked(NamespaceTask<T> task) throws Exception {
    try {
      return task.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c =
          new CancellationException("interrupted before the namespace task started");
      c.initCause(e);
      throw c;
    }
  }

  private <T> NamespaceTask<T> submit(NamespaceTask<T> task) {
    lock.lock();
    try {
      requireOpen();
      queue.addLast(task);
      if (!scheduled) {
        scheduled = true;
        try {
          threads.execute(new Drain());
        } catch (RuntimeException e) {
          scheduled = false;
          queue.removeLast();
          throw e;
        }
      }
      return task;
    } finally {
      lock.unlock();
    }
  }

  /** Runs the queued tasks on a worker, each inside this namespace, until the queue is empty. */
  private final class Drain implements NamespaceThreads.Job {
    @Override
    public void run(NamespaceThreads.Worker worker) {
      while (true) {
        NamespaceTask<?> task;
        lock.lock();
        try {
          task = queue.pollFirst();
          if (task == null) {
            finishDrain();
            return;
          }
        } finally {
          lock.unlock();
        }
        if (!task.begin()) {
          continue; // cancelled while queued
        }
        try {
          worker.enter(fd, description);
        } catch (RuntimeException e) {
          task.fail(e);
          continue;
        }
        runner = Thread.currentThread();
        try {
          task.runBody();
        } finally {
          runner = null;
          if (!worker.returnHome()) {
            handOver();
            return;
          }
        }
      }
    }

    /** This worker is retired: another one takes the rest of the queue. */
    private void handOver() {
      lock.lock();
      try {
        if (queue.isEmpty()) {
          finishDrain();
          return;
        }
        try {
          threads.execute(this);
        } catch (RuntimeException e) {
          abandon(e);
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void abandon(RuntimeException reason) {
      lock.lock();
      try {
        for (NamespaceTask<?> t = queue.pollFirst(); t != null; t = queue.pollFirst()) {
          t.fail(reason);
        }
        finishDrain();
      } finally {
        lock.unlock();
      }
    }

    // Runs under lock.
    private void finishDrain() {
      scheduled = false;
      if (closed) {
        closeDescriptor();
      }
    }
  }

  /** Releases the handle; idempotent. The namespace itself is not deleted. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (!scheduled) {
        closeDescriptor();
      }
    } finally {
      lock.unlock();
    }
  }

  // Runs under lock.
  private void closeDescriptor() {
    if (!fdClosed) {
      fdClosed = true;
      Syscalls.close(fd, description);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinuxNamespaceHandle && ((LinuxNamespaceHandle) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return description;
  }
}
