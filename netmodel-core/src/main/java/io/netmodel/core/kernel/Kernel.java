package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import java.util.List;
import java.util.Set;

/**
 * The kernel port: everything the drivers ask of the kernel, and nothing more. The Linux
 * port implements it over syscalls and netlink; the testkit's fake implements it in memory.
 * Both pass the same contract suite, so drivers behave alike on either.
 *
 * <p>Operations are grouped by object and bound to a namespace: {@code
 * kernel.links(ns).add(...)}. The parts returned are cheap views; implementations keep one
 * channel per namespace (for Linux, one netlink socket opened inside it). Implementations
 * are thread-safe. Kernel refusals are {@link io.netmodel.api.KernelException}s carrying the
 * errno name, the same on every port.
 */
public interface Kernel extends AutoCloseable {

  /** Creating, opening and deleting network namespaces. */
  Namespaces namespaces();

  /** The links of namespace {@code ns}. */
  Links links(NamespaceHandle ns);

  /** The addresses of namespace {@code ns}. */
  Addresses addresses(NamespaceHandle ns);

  /** The routes of namespace {@code ns} (main table). */
  Routes routes(NamespaceHandle ns);

  /** The neighbour and bridge forwarding entries of namespace {@code ns}. */
  Neighbours neighbours(NamespaceHandle ns);

  /** The network sysctls of namespace {@code ns}. */
  Sysctls sysctls(NamespaceHandle ns);

  /** The firewall of namespace {@code ns}, in terms of what the modes need. */
  Firewall firewall(NamespaceHandle ns);

  /** The host ports held in namespace {@code ns} for published ports. */
  Ports ports(NamespaceHandle ns);

  /**
   * Applies {@code steps} in namespace {@code ns}, in order, as the calls of {@link #links},
   * {@link #addresses} and {@link #routes} would one by one, in one exchange with the kernel where
   * the port can (Linux: the requests in one datagram, then their answers). Every step is
   * attempted, even after one is refused; then the first refusal is thrown, any later ones
   * suppressed in it.
   *
   * @throws io.netmodel.api.KernelException the first refusal
   */
  default void configure(NamespaceHandle ns, List<Configuration> steps) {
    RuntimeException first = null;
    for (Configuration step : List.copyOf(steps)) {
      try {
        if (step instanceof Configuration.SetLink) {
          Configuration.SetLink link = (Configuration.SetLink) step;
          links(ns).change(link.index(), link.change());
        } else if (step instanceof Configuration.AddAddress) {
          addresses(ns).add(((Configuration.AddAddress) step).address());
        } else {
          routes(ns).add(((Configuration.AddRoute) step).route());
        }
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** What this kernel can do; drivers check before they start, to fail with a clear error. */
  Set<KernelFeature> features();

  /** Releases sockets, handles and threads. Idempotent. */
  @Override
  void close();
}
