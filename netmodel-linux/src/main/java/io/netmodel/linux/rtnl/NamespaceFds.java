package io.netmodel.linux.rtnl;

import io.netmodel.api.namespace.NamespaceHandle;

/**
 * Gives the open file descriptor of a namespace, for {@code IFLA_NET_NS_FD}: where a veth's
 * peer is created, where a link is moved. The descriptor must stay open until the request
 * that carries it has been answered; the handle's own descriptor does.
 */
@FunctionalInterface
public interface NamespaceFds {
  /**
   * The descriptor of {@code namespace}.
   *
   * @throws IllegalArgumentException if {@code namespace} is not a handle this port made
   */
  int fdOf(NamespaceHandle namespace);
}
