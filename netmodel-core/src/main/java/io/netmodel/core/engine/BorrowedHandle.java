package io.netmodel.core.engine;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A handle lent to a caller whose {@code close()} must not close the shared handle beneath
 * (the host namespace's). After close it refuses work, like any closed handle.
 */
final class BorrowedHandle implements NamespaceHandle {
  private final NamespaceHandle delegate;
  private volatile boolean closed;

  BorrowedHandle(NamespaceHandle delegate) {
    this.delegate = delegate;
  }

  @Override
  public NamespaceId id() {
    return delegate.id();
  }

  @Override
  public Optional<String> name() {
    return delegate.name();
  }

  @Override
  public Optional<Path> path() {
    return delegate.path();
  }

  @Override
  public <T> T call(Callable<T> task) throws Exception {
    checkOpen();
    return delegate.call(task);
  }

  @Override
  public void run(Runnable task) {
    checkOpen();
    delegate.run(task);
  }

  @Override
  public Process start(ProcessBuilder builder) throws IOException {
    checkOpen();
    return delegate.start(builder);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("namespace handle is closed: " + delegate.id());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NamespaceHandle && ((NamespaceHandle) other).id().equals(id());
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
