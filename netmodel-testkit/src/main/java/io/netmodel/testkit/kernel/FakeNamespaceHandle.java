package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on a namespace of a {@link FakeKernel}. While open it keeps the namespace alive,
 * as an open namespace file does on Linux: a deleted namespace's links go only when its last
 * handle is closed.
 *
 * <p>{@link #call} and {@link #run} run the task on the caller's own thread: a fake namespace
 * has nothing to enter, so there is no thread to switch to, and a task that calls back into
 * the handle simply nests. Sockets made inside are the caller's ordinary sockets. {@link
 * #start} is refused: a fake cannot isolate a process.
 *
 * <p>Identity is the namespace's id. Thread-safe; {@link #close()} is idempotent.
 */
public final class FakeNamespaceHandle implements NamespaceHandle {
  private final KernelState state;
  private final NetNamespace namespace;
  private final Optional<String> name;
  private final Optional<Path> path;
  private final AtomicBoolean closed = new AtomicBoolean();

  FakeNamespaceHandle(
      KernelState state, NetNamespace namespace, Optional<String> name, Optional<Path> path) {
    this.state = state;
    this.namespace = namespace;
    this.name = name;
    this.path = path;
    state.retain(namespace);
  }

  @Override
  public NamespaceId id() {
    return namespace.id;
  }

  @Override
  public Optional<String> name() {
    return name;
  }

  @Override
  public Optional<Path> path() {
    return path;
  }

  /** Runs {@code task} on the calling thread; there is no namespace to enter. */
  @Override
  public <T> T call(Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task");
    checkOpen();
    return task.call();
  }

  /** Runs {@code task} on the calling thread; there is no namespace to enter. */
  @Override
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    checkOpen();
    task.run();
  }

  /**
   * Refused: a fake kernel has no namespace a child process could be born in.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Process start(ProcessBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    throw new UnsupportedOperationException(
        "a fake kernel cannot isolate a process: " + this + " exists only in memory, so "
            + builder.command() + " would run in the JVM's own network namespace; run"
            + " processes against LinuxNetworking");
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      state.release(namespace);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamespaceHandle && ((NamespaceHandle) o).id().equals(id());
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "fake netns " + name.or(() -> path.map(Path::toString)).orElse("")
        + " (" + namespace.id.linkText() + ")";
  }
}
