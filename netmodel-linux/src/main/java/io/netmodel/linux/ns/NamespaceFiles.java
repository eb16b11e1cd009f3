package io.netmodel.linux.ns;

import io.netmodel.api.namespace.NamespaceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads the identity of namespace files; {@code stat} follows the nsfs magic links. */
final class NamespaceFiles {
  /** The calling thread's own network namespace (not the process's main thread's). */
  static final Path THREAD_SELF_NET = Path.of("/proc/thread-self/ns/net");

  private NamespaceFiles() {}

  /** The id of the namespace {@code file} names (a magic link or a bind-mounted file). */
  static NamespaceId idOf(Path file) {
    try {
      // One stat(2) for both (Files.getAttribute would stat once per attribute).
      Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino");
      return NamespaceId.of((Long) attributes.get("dev"), (Long) attributes.get("ino"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat namespace file " + file, e);
    }
  }

  /** The id of the namespace an open descriptor refers to. */
  static NamespaceId idOfDescriptor(int fd) {
    return idOf(Path.of("/proc/self/fd/" + fd));
  }

  /** The network namespace the calling (platform or carrier) thread is in. */
  static NamespaceId currentThread() {
    return idOf(THREAD_SELF_NET);
  }
}
