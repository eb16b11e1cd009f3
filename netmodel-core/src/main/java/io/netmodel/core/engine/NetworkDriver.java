package io.netmodel.core.engine;

import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.network.NetworkSpec;
import java.util.List;
import java.util.Optional;

/**
 * One network driver: how its networks are completed and made on the host, and how an
 * endpoint is put into a sandbox and taken out. Called by {@link NetworkingEngine} under the
 * state store's lock; each method completes or undoes what it did.
 */
interface NetworkDriver {

  /**
   * The spec with the driver's choices filled in (device names, subnets, gateways), checked
   * against the other networks and what the kernel can do.
   *
   * @throws io.netmodel.api.ConflictException if a subnet or device is another network's
   * @throws UnsupportedOperationException naming a kernel driver the network needs and the
   *     kernel lacks
   */
  NetworkSpec complete(NetworkSpec spec, String id, List<NetworkRecord> others);

  /**
   * Makes what the network needs on the host.
   *
   * @return a device made for this network alone, deleted when it is removed
   */
  Optional<InterfaceName> create(NetworkRecord network);

  /** Deletes what {@link #create} made. */
  void remove(NetworkRecord network);

  /**
   * Connects a sandbox: its interface {@code interfaceName} inside {@code ns}, addresses
   * owned by {@code owner}, and the default routes of the families in {@code defaultRoute}
   * that it has addresses of (none when the network is internal). With {@code loopbackUp}
   * (a namespace just made for the sandbox) its {@code lo} comes up in the same exchange
   * with the kernel as the interface's configuration. What is left to wait for before the
   * endpoint's traffic flows is the returned {@link Attachment}'s, which the engine runs once it
   * has recorded the endpoint.
   */
  Attachment attach(
      NetworkRecord network,
      String owner,
      String sandboxId,
      NamespaceHandle ns,
      EndpointOptions options,
      InterfaceName interfaceName,
      DefaultRoutes defaultRoute,
      boolean loopbackUp);
}
