package io.netmodel.linux.rtnl;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** A named namespace handle that only names itself: for encoding tests, which never enter it. */
record StubNamespace(String label) implements NamespaceHandle {
  @Override
  public NamespaceId id() {
    return NamespaceId.of(4, 4026532001L);
  }

  @Override
  public Optional<String> name() {
    return Optional.of(label);
  }

  @Override
  public Optional<Path> path() {
    return Optional.of(Path.of("/run/netns", label));
  }

  @Override
  public <T> T call(Callable<T> task) {
    throw new UnsupportedOperationException("a stub namespace cannot run code");
  }

  @Override
  public void run(Runnable task) {
    throw new UnsupportedOperationException("a stub namespace cannot run code");
  }

  @Override
  public Process start(ProcessBuilder builder) {
    throw new UnsupportedOperationException("a stub namespace cannot start processes");
  }

  @Override
  public void close() {}
}
