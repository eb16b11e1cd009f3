package io.netmodel.linux.ns;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway netns directory under /tmp (or the default /run/netns, with unique names only) and
 * the LinuxNamespaces over it; {@link #close()} deletes every namespace it made, every handle it
 * opened, and the directory with its mount.
 */
final class NamespaceFixture implements AutoCloseable {
  final LinuxNamespaces namespaces;
  private final boolean ownDirectory;
  private final List<String> names = new ArrayList<>();
  private final List<LinuxNamespaceHandle> handles = new ArrayList<>();

  private NamespaceFixture(Path directory, boolean ownDirectory) {
    this.namespaces = LinuxNamespaces.open(directory);
    this.ownDirectory = ownDirectory;
  }

  /** A fresh directory of its own under /tmp. */
  static NamespaceFixture inTemporaryDirectory() {
    return new NamespaceFixture(Path.of("/tmp", uniqueName()), true);
  }

  /** The default /run/netns, where ip netns sees namespaces. */
  static NamespaceFixture inDefaultDirectory() {
    return new NamespaceFixture(LinuxNamespaces.DEFAULT_DIRECTORY, false);
  }

  static String uniqueName() {
    return "nmt-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new unique name, deleted at close if it was created. */
  String newName() {
    String name = uniqueName();
    names.add(name);
    return name;
  }

  /** Creates a namespace with a unique name. */
  LinuxNamespaceHandle create() {
    return track(namespaces.create(newName()));
  }

  LinuxNamespaceHandle track(LinuxNamespaceHandle handle) {
    handles.add(handle);
    return handle;
  }

  Path directory() {
    return namespaces.directory();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (LinuxNamespaceHandle h : handles) {
      h.close();
    }
    for (String name : names) {
      try {
        namespaces.deleteIfExists(name);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    namespaces.close();
    if (ownDirectory && Files.exists(directory())) {
      try {
        Syscalls.umount2(directory(), Syscalls.MNT_DETACH);
      } catch (KernelException e) {
        if (!e.is("EINVAL")) {
          failure = e;
        }
      }
      try (var leftovers = Files.list(directory())) {
        for (Path p : (Iterable<Path>) leftovers::iterator) {
          Files.delete(p);
        }
        Files.delete(directory());
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
