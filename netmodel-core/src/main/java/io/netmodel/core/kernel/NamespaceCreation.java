package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;

/**
 * A named namespace being made by {@link Namespaces#start}, while its caller does other work.
 * The caller must {@link #join} it once, also when it gives up on what it was making the
 * namespace for: only then does it know whether there is a namespace to delete.
 */
@FunctionalInterface
public interface NamespaceCreation {

  /**
   * Waits until the namespace is made and returns a handle on it, which the caller closes.
   *
   * @throws io.netmodel.api.ConflictException if the name is taken
   * @throws io.netmodel.api.KernelException if the kernel refused; nothing is left behind
   */
  NamespaceHandle join();
}
