package io.netmodel.core.kernel;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.PortMapping;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The firewall of one host namespace, in the terms the modes need rather than raw rules:
 * masquerade a network's traffic, publish a sandbox's port, keep networks apart. Each call
 * is applied whole or not at all, and touches only netmodel's own tables. Thread-safe.
 */
public interface Firewall {

  /**
   * Masquerades traffic from {@code subnet} that arrives on {@code bridge} and leaves through
   * another interface. Idempotent.
   */
  void masquerade(String network, IpPrefix subnet, InterfaceName bridge);

  /** Undoes {@link #masquerade}; idempotent. */
  void unmasquerade(String network);

  /**
   * Publishes a container port on the host: DNAT from the mapping's host address and port to
   * {@code containerAddress}; returns the mapping with the host port actually bound (when the
   * request left it to the system).
   *
   * @throws io.netmodel.api.ConflictException if the host port is already published
   */
  PortMapping publish(Publication publication);

  /** Removes a publication; idempotent. */
  void unpublish(Publication publication);

  /** Drops traffic between the two networks' bridges, in both directions. Idempotent. */
  void isolate(InterfaceName bridgeA, InterfaceName bridgeB);

  /** A port published for one endpoint. */
  record Publication(
      String network, InterfaceName bridge, PortMapping mapping, InetAddress containerAddress) {
    public Publication {
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(bridge, "bridge");
      Objects.requireNonNull(mapping, "mapping");
      Objects.requireNonNull(containerAddress, "containerAddress");
    }
  }
}
