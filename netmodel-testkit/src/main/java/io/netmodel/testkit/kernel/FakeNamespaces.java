package io.netmodel.testkit.kernel;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Namespaces;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The namespaces of a fake kernel. Named ones are "files" of a netns directory that exists
 * only in the fake ({@link #directory()} is reported, nothing is written there). There are no
 * processes, so {@link #openPid} finds none.
 */
final class FakeNamespaces implements Namespaces {
  private final KernelState state;
  private final FakeNamespaceHandle host;

  FakeNamespaces(KernelState state) {
    this.state = state;
    this.host = new FakeNamespaceHandle(state, state.host, Optional.empty(), Optional.empty());
  }

  @Override
  public NamespaceHandle host() {
    return host;
  }

  @Override
  public Path directory() {
    return state.directory;
  }

  @Override
  public NamespaceHandle create(String name) {
    synchronized (state) {
      NetNamespace ns = state.create(name);
      return new FakeNamespaceHandle(
          state, ns, Optional.of(name), Optional.of(state.directory.resolve(name)));
    }
  }

  @Override
  public NamespaceHandle open(String name) {
    synchronized (state) {
      NetNamespace ns =
          state.named(name).orElseThrow(() -> new NotFoundException("network namespace", name));
      return new FakeNamespaceHandle(
          state, ns, Optional.of(name), Optional.of(state.directory.resolve(name)));
    }
  }

  /**
   * Opens a named namespace by its file in {@link #directory()}.
   *
   * @throws NotFoundException for any other path
   */
  @Override
  public NamespaceHandle openPath(Path path) {
    Path file = path.toAbsolutePath().normalize();
    synchronized (state) {
      Path parent = file.getParent();
      if (parent != null && parent.equals(state.directory.toAbsolutePath().normalize())) {
        String name = file.getFileName().toString();
        Optional<NetNamespace> ns = state.named(name);
        if (ns.isPresent()) {
          return new FakeNamespaceHandle(state, ns.get(), Optional.empty(), Optional.of(path));
        }
      }
      throw new NotFoundException("namespace file", path.toString());
    }
  }

  /**
   * Finds no process: a fake kernel runs none.
   *
   * @throws IllegalArgumentException if {@code pid} is not positive
   * @throws NotFoundException always otherwise
   */
  @Override
  public NamespaceHandle openPid(long pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("process id must be positive: " + pid);
    }
    throw new NotFoundException("process", pid + " (a fake kernel has no processes)");
  }

  @Override
  public List<String> list() {
    return state.names();
  }

  @Override
  public boolean delete(String name) {
    return state.unmount(name);
  }
}
