package io.netmodel.core.engine;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.DefaultAddressPools;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.ipam.Ipam;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Configuration;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every driver's endpoint needs, whatever its device: subnets chosen and checked, its
 * addresses from the network's IPAM, the sandbox side configured (IPv6 off on IPv4-only
 * networks, addresses, up) and the default routes. Called under the state store's lock.
 */
final class Plumbing {
  private static final String ALL_DISABLE_IPV6 = "ipv6/conf/all/disable_ipv6";

  private final Kernel kernel;
  private final Ipam ipam;
  private volatile Boolean ipv6Available;

  Plumbing(Kernel kernel, Ipam ipam) {
    this.kernel = kernel;
    this.ipam = ipam;
  }

  Kernel kernel() {
    return kernel;
  }

  NamespaceHandle host() {
    return kernel.namespaces().host();
  }

  // ---- networks -------------------------------------------------------------------------

  /**
   * The IPv4 subnet of a new network: the one asked for, or the first of Docker's default
   * local pools that overlaps no other network's subnet and no address or route of the
   * host. Refuses a subnet (IPv4 or IPv6) that overlaps another network's.
   *
   * @param subnets the new network's subnets as asked
   * @throws ConflictException naming the other network
   * @throws AddressPoolExhaustedException if no default subnet is free
   */
  IpamConfig ipv4Subnet(
      Optional<IpamConfig> asked, List<IpamConfig> subnets, List<NetworkRecord> others) {
    List<IpPrefix> taken = new ArrayList<>();
    for (NetworkRecord other : others) {
      for (IpamConfig config : other.subnets()) {
        taken.add(config.subnet());
        for (IpamConfig mine : subnets) {
          if (mine.subnet().overlaps(config.subnet())) {
            throw new ConflictException(
                "subnet " + mine.subnet() + " overlaps subnet " + config.subnet()
                    + " of network " + other.name());
          }
        }
      }
    }
    IpamConfig ipv4;
    if (asked.isPresent()) {
      ipv4 = asked.get();
    } else {
      taken.addAll(hostPrefixes());
      IpPrefix subnet =
          DefaultAddressPools.local()
              .firstFree(taken)
              .orElseThrow(() -> new AddressPoolExhaustedException("default local pools"));
      ipv4 = IpamConfig.of(subnet);
    }
    return ipv4.withGateway(ipv4.effectiveGateway());
  }

  /** What the host already uses: its addresses and routes (not default ones). */
  private List<IpPrefix> hostPrefixes() {
    List<IpPrefix> used = new ArrayList<>();
    kernel.addresses(host()).list().forEach(a -> used.add(a.prefix()));
    kernel.routes(host()).list().stream()
        .filter(r -> !r.isDefault())
        .forEach(r -> used.add(r.destination()));
    return used;
  }

  /** Whether the kernel has IPv6 at all (it may be booted with {@code ipv6.disable=1}). */
  boolean hasIpv6() {
    Boolean known = ipv6Available;
    if (known == null) {
      known = kernel.sysctls(host()).get(ALL_DISABLE_IPV6).isPresent();
      ipv6Available = known;
    }
    return known;
  }

  /** Forgets every allocation of a network being removed. */
  void forget(NetworkRecord network) {
    ipam.deleteNetwork(network.name());
  }

  // ---- endpoints ------------------------------------------------------------------------

  /** An endpoint's addresses, with the subnet's prefix length. */
  record Addresses(Optional<IpPrefix> ipv4, Optional<IpPrefix> ipv6) {}

  /**
   * Allocates the endpoint's addresses on {@code network}, the ones asked for or the first
   * free; registers their release with {@code rollback}.
   */
  Addresses allocate(
      NetworkRecord network, EndpointOptions options, String owner, Rollback rollback) {
    Optional<IpamConfig> v4 = network.ipv4();
    Optional<IpamConfig> v6 = network.ipv6();
    if (options.ipv6().isPresent() && v6.isEmpty()) {
      throw new IllegalArgumentException(
          "--ip6 " + IpAddresses.toString(options.ipv6().get()) + " needs an IPv6 subnet, and"
              + " network " + network.name() + " has none");
    }
    Optional<IpPrefix> ipv4 = Optional.empty();
    if (v4.isPresent()) {
      InetAddress address = ipam.allocate(network.name(), v4.get(), options.ipv4(), owner);
      rollback.add(() -> ipam.release(network.name(), address));
      ipv4 = Optional.of(IpPrefix.of(address, v4.get().subnet().length()));
    }
    Optional<IpPrefix> ipv6 = Optional.empty();
    if (v6.isPresent()) {
      InetAddress address = ipam.allocate(network.name(), v6.get(), options.ipv6(), owner);
      rollback.add(() -> ipam.release(network.name(), address));
      ipv6 = Optional.of(IpPrefix.of(address, v6.get().subnet().length()));
    }
    return new Addresses(ipv4, ipv6);
  }

  /**
   * The interface {@code name} in the sandbox, looked up by name.
   *
   * @throws IllegalStateException if it is not there
   */
  Link interfaceIn(NamespaceHandle ns, InterfaceName name, String sandbox) {
    return kernel
        .links(ns)
        .get(name)
        .orElseThrow(() -> new IllegalStateException(name + " is not in sandbox " + sandbox));
  }

  /**
   * Configures the endpoint's interface inside the sandbox, index {@code index}, which must be
   * there and down: IPv6 off when the endpoint has no IPv6 address (before up, so it never sends
   * any); then, in one exchange with the kernel ({@link Kernel#configure}), {@code lo} up if
   * {@code loopbackUp}, its addresses (IPv6 without duplicate address detection), up, and its
   * default routes for {@code families}.
   */
  void configure(
      NamespaceHandle ns, int index, EndpointRecord endpoint, DefaultRoutes families,
      boolean loopbackUp) {
    if (endpoint.ipv6().isEmpty() && hasIpv6()) {
      kernel.sysctls(ns).set("ipv6/conf/" + endpoint.interfaceName() + "/disable_ipv6", "1");
    }
    List<Configuration> steps = new ArrayList<>();
    if (loopbackUp) {
      steps.add(Configuration.link(Link.LOOPBACK_INDEX, LinkChange.setUp()));
    }
    endpoint.ipv4().ifPresent(a -> steps.add(Configuration.address(AddressEntry.of(index, a))));
    endpoint.ipv6().ifPresent(
        a -> steps.add(Configuration.address(new AddressEntry(index, a, true))));
    steps.add(Configuration.link(index, LinkChange.setUp()));
    steps.addAll(defaultRouteSteps(endpoint, index, families));
    kernel.configure(ns, steps);
  }

  /**
   * Adds the endpoint's default routes for {@code families}: via the gateway of each, or, for
   * an endpoint whose network routes on-link (ipvlan l3), device routes.
   */
  void installDefaultRoutes(EndpointRecord endpoint, NamespaceHandle ns, DefaultRoutes families) {
    Link link =
        kernel
            .links(ns)
            .get(endpoint.interfaceName())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "endpoint interface " + endpoint.interfaceName() + " is gone"));
    installDefaultRoutes(endpoint, link.index(), ns, families);
  }

  /**
   * As {@link #installDefaultRoutes(EndpointRecord, NamespaceHandle, DefaultRoutes)}, out of the
   * interface with index {@code index} (no lookup).
   */
  void installDefaultRoutes(
      EndpointRecord endpoint, int index, NamespaceHandle ns, DefaultRoutes families) {
    kernel.configure(ns, defaultRouteSteps(endpoint, index, families));
  }

  /**
   * The endpoint's default routes for {@code families}: via the gateway of each, or, for an
   * endpoint whose network routes on-link (ipvlan l3), device routes.
   */
  private static List<Configuration> defaultRouteSteps(
      EndpointRecord endpoint, int index, DefaultRoutes families) {
    List<Configuration> steps = new ArrayList<>();
    for (IpPrefix address : endpoint.addresses()) {
      if (!families.covers(address)) {
        continue;
      }
      IpPrefix any = IpPrefix.parse(address.isIpv4() ? "0.0.0.0/0" : "::/0");
      Optional<InetAddress> gateway =
          endpoint.onLinkDefault() ? Optional.empty() : endpoint.gateway(address);
      steps.add(
          Configuration.route(
              gateway.isPresent()
                  ? Route.defaultVia(gateway.get(), index)
                  : Route.onLink(any, index)));
    }
    return steps;
  }

  /** Deletes the endpoint's interface in the sandbox (if there) and releases its addresses. */
  void detach(EndpointRecord endpoint, NamespaceHandle ns) {
    Links inside = kernel.links(ns);
    inside.get(endpoint.interfaceName()).ifPresent(l -> inside.delete(l.index()));
    release(endpoint);
  }

  /** Releases the endpoint's addresses (its interface goes with its namespace). */
  void release(EndpointRecord endpoint) {
    for (IpPrefix address : endpoint.addresses()) {
      ipam.release(endpoint.network(), address.address());
    }
  }
}
