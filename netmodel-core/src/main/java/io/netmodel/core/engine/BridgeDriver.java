package io.netmodel.core.engine;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.DefaultAddressPools;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.ipam.Ipam;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The bridge driver: a Linux bridge in the host namespace per network, a veth pair per
 * endpoint with its sandbox end created directly inside the sandbox under its final name.
 *
 * <p>The bridge is made as Docker makes it: one request creating it with its MTU and a random
 * locally-administered MAC (so it does not take the MAC of whichever port joins first), IPv6
 * router advertisements refused on it ({@code accept_ra=0}), IPv6 disabled on it when the
 * network has no IPv6 subnet, the gateway addresses, then up. An existing device of that
 * name is reused when it is a bridge; a missing gateway address is added to it.
 *
 * <p>Called by {@link NetworkingEngine} under the state store's lock; every method either
 * completes or undoes what it did.
 */
final class BridgeDriver {
  private static final String ALL_DISABLE_IPV6 = "ipv6/conf/all/disable_ipv6";

  private final Kernel kernel;
  private final Ipam ipam;
  private final RandomGenerator random;
  /** Bridges checked by this engine: network id to bridge index. */
  private final Map<String, Integer> checkedBridges = new ConcurrentHashMap<>();
  private volatile Boolean ipv6Available;

  BridgeDriver(Kernel kernel, Ipam ipam, RandomGenerator random) {
    this.kernel = kernel;
    this.ipam = ipam;
    this.random = random;
  }

  // ---- networks -------------------------------------------------------------------------

  /**
   * The spec with the driver's choices filled in: device {@code nm-} and the id's first 12
   * digits, an IPv4 subnet from Docker's default local pools when none is given (one that
   * overlaps no other network's subnet and no address or route of the host), and each
   * subnet's gateway.
   *
   * @throws ConflictException if a subnet or the device name is another network's
   * @throws AddressPoolExhaustedException if no default subnet is free
   */
  BridgeNetworkSpec complete(BridgeNetworkSpec spec, String id, List<NetworkRecord> others) {
    InterfaceName device =
        spec.bridgeName().orElseGet(() -> InterfaceName.of("nm-" + id.substring(0, 12)));
    List<IpPrefix> taken = new ArrayList<>();
    for (NetworkRecord other : others) {
      BridgeNetworkSpec o = other.bridge();
      if (o.bridgeName().equals(Optional.of(device))) {
        throw new ConflictException(
            "bridge device " + device + " is already network " + other.name() + "'s");
      }
      for (IpamConfig config : configs(o)) {
        taken.add(config.subnet());
        for (IpamConfig mine : configs(spec)) {
          if (mine.subnet().overlaps(config.subnet())) {
            throw new ConflictException(
                "subnet " + mine.subnet() + " overlaps subnet " + config.subnet()
                    + " of network " + other.name());
          }
        }
      }
    }
    IpamConfig ipv4;
    if (spec.ipv4().isPresent()) {
      ipv4 = spec.ipv4().get();
    } else {
      taken.addAll(hostPrefixes());
      IpPrefix subnet =
          DefaultAddressPools.local()
              .firstFree(taken)
              .orElseThrow(() -> new AddressPoolExhaustedException("default local pools"));
      ipv4 = IpamConfig.of(subnet);
    }
    BridgeNetworkSpec.Builder b = spec.toBuilder().bridgeName(device);
    b.ipv4(ipv4.withGateway(ipv4.effectiveGateway()));
    spec.ipv6().ifPresent(v6 -> b.ipv6(v6.withGateway(v6.effectiveGateway())));
    return b.build();
  }

  /** What the host already uses: its addresses and routes (not default ones). */
  private List<IpPrefix> hostPrefixes() {
    NamespaceHandle host = kernel.namespaces().host();
    List<IpPrefix> used = new ArrayList<>();
    kernel.addresses(host).list().forEach(a -> used.add(a.prefix()));
    kernel.routes(host).list().stream()
        .filter(r -> !r.isDefault())
        .forEach(r -> used.add(r.destination()));
    return used;
  }

  /**
   * Makes the network's bridge, or checks and completes an existing device of its name.
   *
   * @return the bridge's index in the host namespace
   * @throws ConflictException if a device of that name exists and is not a bridge
   */
  int ensureDevice(NetworkRecord network) {
    Integer checked = checkedBridges.get(network.id());
    if (checked != null) {
      return checked;
    }
    int index = makeOrCheckDevice(network);
    checkedBridges.put(network.id(), index);
    return index;
  }

  private int makeOrCheckDevice(NetworkRecord network) {
    BridgeNetworkSpec spec = network.bridge();
    InterfaceName name = spec.bridgeName().orElseThrow();
    NamespaceHandle host = kernel.namespaces().host();
    Links links = kernel.links(host);
    Optional<Link> existing = links.get(name);
    if (existing.isPresent()) {
      Link link = existing.get();
      if (!link.is(LinkKind.BRIDGE)) {
        throw new ConflictException(
            "device " + name + " of network " + network.name() + " exists and is not a bridge ("
                + link.kind().orElse("no kind") + ")");
      }
      List<AddressEntry> has = kernel.addresses(host).list(link.index());
      for (AddressEntry wanted : gatewayAddresses(link.index(), spec)) {
        boolean present =
            has.stream().anyMatch(a -> a.prefix().equals(wanted.prefix()));
        if (!present) {
          kernel.addresses(host).add(wanted);
        }
      }
      if (!link.up()) {
        links.change(link.index(), LinkChange.setUp());
      }
      return link.index();
    }
    Rollback rollback = new Rollback();
    try {
      Link bridge =
          links.add(
              new LinkSpec.Bridge(
                  name,
                  LinkOptions.none()
                      .withMtu(spec.mtu())
                      .withMacAddress(MacAddress.randomLocal(random))));
      rollback.add(() -> links.delete(bridge.index()));
      if (hasIpv6()) {
        kernel.sysctls(host).set("ipv6/conf/" + name + "/accept_ra", "0");
        if (spec.ipv6().isEmpty()) {
          kernel.sysctls(host).set("ipv6/conf/" + name + "/disable_ipv6", "1");
        }
      }
      for (AddressEntry address : gatewayAddresses(bridge.index(), spec)) {
        kernel.addresses(host).add(address);
      }
      links.change(bridge.index(), LinkChange.setUp());
      return bridge.index();
    } catch (RuntimeException e) {
      rollback.undo(e);
      throw e;
    }
  }

  /** Deletes the network's bridge, if it is there. */
  void removeDevice(NetworkRecord network) {
    checkedBridges.remove(network.id());
    Links links = kernel.links(kernel.namespaces().host());
    links.get(network.bridge().bridgeName().orElseThrow()).ifPresent(l -> links.delete(l.index()));
  }

  private static List<AddressEntry> gatewayAddresses(int index, BridgeNetworkSpec spec) {
    List<AddressEntry> addresses = new ArrayList<>();
    for (IpamConfig config : configs(spec)) {
      IpPrefix gateway = IpPrefix.of(config.effectiveGateway(), config.subnet().length());
      addresses.add(new AddressEntry(index, gateway, !config.isIpv4()));
    }
    return addresses;
  }

  // ---- endpoints ------------------------------------------------------------------------

  /**
   * Connects sandbox {@code sandboxId} (namespace {@code ns}) to {@code network} as {@code
   * interfaceName}: addresses from the network's IPAM (owned by {@code owner}), a veth pair
   * on the bridge, and, when {@code defaultRoute}, the default routes via the gateways.
   * Undoes everything on failure.
   */
  EndpointRecord attach(
      NetworkRecord network,
      String owner,
      String sandboxId,
      NamespaceHandle ns,
      EndpointOptions options,
      InterfaceName interfaceName,
      boolean defaultRoute) {
    BridgeNetworkSpec spec = network.bridge();
    if (options.ipv6().isPresent() && spec.ipv6().isEmpty()) {
      throw new IllegalArgumentException(
          "--ip6 " + IpAddresses.toString(options.ipv6().get()) + " needs an IPv6 subnet, and"
              + " network " + network.name() + " has none");
    }
    boolean withDefaultRoute = defaultRoute && !spec.internal();
    NamespaceHandle host = kernel.namespaces().host();
    Rollback rollback = new Rollback();
    try {
      int bridge = ensureDevice(network);
      IpamConfig v4 = spec.ipv4().orElseThrow();
      InetAddress ipv4 = ipam.allocate(network.name(), v4, options.ipv4(), owner);
      rollback.add(() -> ipam.release(network.name(), ipv4));
      Optional<IpPrefix> ipv6 = Optional.empty();
      if (spec.ipv6().isPresent()) {
        IpamConfig v6 = spec.ipv6().get();
        InetAddress address = ipam.allocate(network.name(), v6, options.ipv6(), owner);
        rollback.add(() -> ipam.release(network.name(), address));
        ipv6 = Optional.of(IpPrefix.of(address, v6.subnet().length()));
      }
      MacAddress mac = options.macAddress().orElseGet(() -> MacAddress.randomLocal(random));
      InterfaceName hostName = hostInterfaceName(sandboxId, network.id());
      Links hostLinks = kernel.links(host);
      Link hostEnd =
          hostLinks.add(
              new LinkSpec.Veth(
                  hostName,
                  LinkOptions.none().withMtu(spec.mtu()).withMaster(bridge),
                  interfaceName,
                  ns,
                  LinkOptions.none().withMtu(spec.mtu()).withMacAddress(mac)));
      rollback.add(() -> hostLinks.delete(hostEnd.index()));
      hostLinks.change(hostEnd.index(), LinkChange.setUp());
      Links inside = kernel.links(ns);
      Link sandboxEnd =
          inside
              .get(interfaceName)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "veth peer " + interfaceName + " is not in sandbox " + owner));
      if (ipv6.isEmpty() && hasIpv6()) {
        kernel.sysctls(ns).set("ipv6/conf/" + interfaceName + "/disable_ipv6", "1");
      }
      IpPrefix ipv4Prefix = IpPrefix.of(ipv4, v4.subnet().length());
      kernel.addresses(ns).add(AddressEntry.of(sandboxEnd.index(), ipv4Prefix));
      if (ipv6.isPresent()) {
        kernel.addresses(ns).add(new AddressEntry(sandboxEnd.index(), ipv6.get(), true));
      }
      inside.change(sandboxEnd.index(), LinkChange.setUp());
      List<InetAddress> gateways = new ArrayList<>();
      configs(spec).forEach(c -> gateways.add(c.effectiveGateway()));
      EndpointRecord endpoint =
          new EndpointRecord(
              network.name(),
              interfaceName,
              Optional.of(hostName),
              mac,
              Optional.of(ipv4Prefix),
              ipv6,
              gateways,
              withDefaultRoute,
              options.aliases());
      if (withDefaultRoute) {
        installDefaultRoutes(endpoint, ns);
      }
      return endpoint;
    } catch (RuntimeException e) {
      checkedBridges.remove(network.id());
      rollback.undo(e);
      throw e;
    }
  }

  /** Adds the default routes via the endpoint's gateways, out of its interface. */
  void installDefaultRoutes(EndpointRecord endpoint, NamespaceHandle ns) {
    Link link =
        kernel
            .links(ns)
            .get(endpoint.interfaceName())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "endpoint interface " + endpoint.interfaceName() + " is gone"));
    for (InetAddress gateway : endpoint.gateways()) {
      kernel.routes(ns).add(Route.defaultVia(gateway, link.index()));
    }
  }

  /**
   * Removes the endpoint's interface (the veth, both ends) and releases its addresses.
   * Idempotent: an interface already gone is fine.
   */
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

  /** Forgets every allocation of a network being removed. */
  void forget(NetworkRecord network) {
    ipam.deleteNetwork(network.name());
  }

  /**
   * The host end's name: {@code veth} and 11 hex digits of a hash of the sandbox's and the
   * network's ids. Sandbox ids are random and never reused, so neither is the name, even
   * while the veth of a removed sandbox lingers; should a device of that name exist all the
   * same, the next hash is taken.
   */
  private InterfaceName hostInterfaceName(String sandboxId, String networkId) {
    Links hostLinks = kernel.links(kernel.namespaces().host());
    for (int attempt = 0; ; attempt++) {
      InterfaceName candidate =
          InterfaceName.of("veth" + sha256(sandboxId + "/" + networkId + "/" + attempt).substring(0, 11));
      if (hostLinks.get(candidate).isEmpty()) {
        return candidate;
      }
    }
  }

  /** Whether the kernel has IPv6 at all (it may be booted with {@code ipv6.disable=1}). */
  private boolean hasIpv6() {
    Boolean known = ipv6Available;
    if (known == null) {
      known = kernel.sysctls(kernel.namespaces().host()).get(ALL_DISABLE_IPV6).isPresent();
      ipv6Available = known;
    }
    return known;
  }

  private static List<IpamConfig> configs(BridgeNetworkSpec spec) {
    List<IpamConfig> configs = new ArrayList<>();
    spec.ipv4().ifPresent(configs::add);
    spec.ipv6().ifPresent(configs::add);
    return configs;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
