package io.netmodel.core.engine;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.KernelException;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge driver: a Linux bridge in the host namespace per network, a veth pair per
 * endpoint with its sandbox end created directly inside the sandbox under its final name.
 *
 * <p>The bridge is made as Docker makes it: one request creating it with its MTU and a random
 * locally-administered MAC (so it does not take the MAC of whichever port joins first), IPv6
 * router advertisements refused on it ({@code accept_ra=0}), IPv6 disabled on it when the
 * network has no IPv6 subnet, the gateway addresses, then up. An existing device of that
 * name is reused when it is a bridge; a missing gateway address is added to it. Then the
 * network's firewall rules ({@link Firewall#addNetwork}): masquerade, isolation from other
 * networks, internal, ICC.
 *
 * <p>Called by {@link NetworkingEngine} under the state store's lock; every method either
 * completes or undoes what it did.
 */
final class BridgeDriver implements NetworkDriver {
  private static final Logger log = LoggerFactory.getLogger(BridgeDriver.class);
  /** How many host-end names are tried before a name clash is reported as it is. */
  private static final int MAX_NAME_ATTEMPTS = 16;
  /**
   * How long an attach waits for the kernel to enable the host end as a bridge port: its
   * deferred link work normally runs within a millisecond; the CNI bridge plugin gives it
   * 2.55 s.
   */
  static final Duration PORT_ENABLE_TIMEOUT = Duration.ofSeconds(2);

  private final Plumbing plumbing;
  private final Kernel kernel;
  private final RandomGenerator random;
  /** Bridges checked by this engine: network id to bridge index. */
  private final Map<String, Integer> checkedBridges = new ConcurrentHashMap<>();

  BridgeDriver(Plumbing plumbing, RandomGenerator random) {
    this.plumbing = plumbing;
    this.kernel = plumbing.kernel();
    this.random = random;
  }

  // ---- networks -------------------------------------------------------------------------

  /**
   * The spec with the driver's choices filled in: device {@code nm-} and the id's first 12
   * digits, an IPv4 subnet from Docker's default local pools when none is given, and each
   * subnet's gateway.
   *
   * @throws ConflictException if a subnet or the device name is another network's
   * @throws AddressPoolExhaustedException if no default subnet is free
   */
  @Override
  public BridgeNetworkSpec complete(NetworkSpec asked, String id, List<NetworkRecord> others) {
    BridgeNetworkSpec spec = (BridgeNetworkSpec) asked;
    InterfaceName device =
        spec.bridgeName().orElseGet(() -> InterfaceName.of("nm-" + id.substring(0, 12)));
    for (NetworkRecord other : others) {
      if (other.spec() instanceof BridgeNetworkSpec
          && other.bridge().bridgeName().equals(Optional.of(device))) {
        throw new ConflictException(
            "bridge device " + device + " is already network " + other.name() + "'s");
      }
    }
    BridgeNetworkSpec.Builder b = spec.toBuilder().bridgeName(device);
    b.ipv4(plumbing.ipv4Subnet(spec.ipv4(), configs(spec), others));
    spec.ipv6().ifPresent(v6 -> b.ipv6(v6.withGateway(v6.effectiveGateway())));
    return b.build();
  }

  @Override
  public Optional<InterfaceName> create(NetworkRecord network) {
    ensureDevice(network);
    return Optional.empty();
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
      kernel.firewall(plumbing.host()).addNetwork(rulesOf(network));
      return link.index();
    }
    refuseOverlapWithHost(network, links);
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
      if (plumbing.hasIpv6()) {
        kernel.sysctls(host).set("ipv6/conf/" + name + "/accept_ra", "0");
        if (spec.ipv6().isEmpty()) {
          kernel.sysctls(host).set("ipv6/conf/" + name + "/disable_ipv6", "1");
        }
      }
      for (AddressEntry address : gatewayAddresses(bridge.index(), spec)) {
        kernel.addresses(host).add(address);
      }
      links.change(bridge.index(), LinkChange.setUp());
      Firewall firewall = kernel.firewall(host);
      firewall.addNetwork(rulesOf(network));
      rollback.add(() -> firewall.removeNetwork(network.name()));
      return bridge.index();
    } catch (RuntimeException e) {
      rollback.undo(e);
      throw e;
    }
  }

  /**
   * Refuses to make a bridge whose subnet overlaps an address already on another interface
   * of the host (Docker's own docker0 on 172.17.0.0/16, say): two devices with routes to one
   * subnet would send replies through the wrong one.
   *
   * @throws ConflictException naming the address and its interface
   */
  private void refuseOverlapWithHost(NetworkRecord network, Links links) {
    NamespaceHandle host = plumbing.host();
    for (AddressEntry address : kernel.addresses(host).list()) {
      if (address.prefix().address().isLoopbackAddress()
          || address.prefix().address().isLinkLocalAddress()) {
        continue;
      }
      for (IpamConfig config : network.subnets()) {
        if (config.subnet().overlaps(address.prefix())) {
          String device =
              links.get(address.index()).map(Link::name).orElse("index " + address.index());
          throw new ConflictException(
              "subnet " + config.subnet() + " of network " + network.name() + " overlaps "
                  + address.prefix() + " on host interface " + device
                  + " (give the network another subnet, or remove that address)");
        }
      }
    }
  }

  /** What the network asks of the host's firewall: masquerade, isolation, internal, ICC. */
  private static Firewall.BridgeRules rulesOf(NetworkRecord network) {
    BridgeNetworkSpec spec = network.bridge();
    return new Firewall.BridgeRules(
        network.name(),
        spec.bridgeName().orElseThrow(),
        configs(spec).stream().map(IpamConfig::subnet).toList(),
        spec.enableIpMasquerade(),
        spec.internal(),
        spec.enableIcc());
  }

  /** Deletes the network's bridge and its firewall rules. */
  @Override
  public void remove(NetworkRecord network) {
    checkedBridges.remove(network.id());
    kernel.firewall(plumbing.host()).removeNetwork(network.name());
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
   * Connects sandbox {@code sandboxId} (namespace {@code ns}) to {@code network}: addresses
   * from the network's IPAM, a veth pair whose sandbox end is created inside {@code ns} as
   * {@code interfaceName} and whose host end is on the bridge, then the sandbox side
   * configured and the default routes via the gateways for the families in {@code
   * defaultRoute} (none on an internal network). Undoes
   * everything on failure. The returned attachment waits until the kernel has enabled the host
   * end as a port of the bridge ({@link #awaitPortEnabled}).
   */
  @Override
  public Attachment attach(
      NetworkRecord network,
      String owner,
      String sandboxId,
      NamespaceHandle ns,
      EndpointOptions options,
      InterfaceName interfaceName,
      DefaultRoutes defaultRoute,
      boolean loopbackUp) {
    BridgeNetworkSpec spec = network.bridge();
    Rollback rollback = new Rollback();
    try {
      int bridge = ensureDevice(network);
      Plumbing.Addresses addresses = plumbing.allocate(network, options, owner, rollback);
      DefaultRoutes withDefaultRoute =
          spec.internal()
              ? DefaultRoutes.NONE
              : defaultRoute.servable(addresses.ipv4(), addresses.ipv6());
      MacAddress mac = options.macAddress().orElseGet(() -> MacAddress.randomLocal(random));
      Links hostLinks = kernel.links(plumbing.host());
      Link hostEnd =
          addVeth(
              hostLinks,
              sandboxId + "/" + network.id(),
              hostEndOptions(spec.mtu(), bridge),
              interfaceName,
              ns,
              LinkOptions.none().withMtu(spec.mtu()).withMacAddress(mac));
      InterfaceName hostName = InterfaceName.of(hostEnd.name());
      rollback.add(() -> hostLinks.delete(hostEnd.index()));
      EndpointRecord endpoint =
          new EndpointRecord(
              network.name(),
              interfaceName,
              Optional.of(hostName),
              mac,
              addresses.ipv4(),
              addresses.ipv6(),
              network.gateways(),
              withDefaultRoute,
              false,
              options.aliases(),
              List.of());
      // The host end names its peer's index in the sandbox: no lookup there.
      int inside =
          hostEnd.link().isPresent()
              ? hostEnd.link().getAsInt()
              : plumbing.interfaceIn(ns, interfaceName, owner).index();
      plumbing.configure(ns, inside, endpoint, withDefaultRoute, loopbackUp);
      return Attachment.awaiting(
          endpoint, () -> awaitPortEnabled(hostLinks, hostEnd, bridge, network));
    } catch (RuntimeException e) {
      checkedBridges.remove(network.id());
      rollback.undo(e);
      throw e;
    }
  }

  /**
   * Returns once the kernel has enabled the host end as a port of the bridge and given the
   * bridge its carrier. It does both in deferred work after {@code eth0} has come up, and drops
   * what the sandbox sends before: its first ARP request, which it repeats only a second later.
   * When the kernel has not got there within {@link #PORT_ENABLE_TIMEOUT} (a bridge set down
   * behind the engine's back), or the links cannot be read (the host end deleted behind its
   * back), the endpoint is kept, complete, and the wait logged: the engine runs this after it
   * has recorded the endpoint.
   */
  private static void awaitPortEnabled(
      Links hostLinks, Link hostEnd, int bridge, NetworkRecord network) {
    boolean enabled;
    try {
      enabled = hostLinks.awaitPortEnabled(hostEnd.index(), bridge, PORT_ENABLE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn(
          "cannot tell whether the kernel has enabled {} as a port of bridge {} of network {}:"
              + " {}",
          hostEnd.name(),
          network.bridge().bridgeName().orElseThrow(),
          network.name(),
          e.toString());
      return;
    }
    if (!enabled) {
      log.warn(
          "the kernel has not enabled {} as a port of bridge {} of network {} within {} ms:"
              + " frames the sandbox sends are dropped until it does",
          hostEnd.name(),
          network.bridge().bridgeName().orElseThrow(),
          network.name(),
          PORT_ENABLE_TIMEOUT.toMillis());
    }
  }

  /**
   * The host end of a veth: on the bridge, up, and, where the kernel has IPv6, without IPv6
   * addresses of its own. A bridge port needs none, and a port that makes a link-local address
   * sends duplicate address detection, MLD and router solicitations that the bridge floods to
   * every other port (each flooded copy passing the firewall's forward chain where bridged
   * traffic is filtered): work growing with the number of sandboxes, at every attach.
   */
  private LinkOptions hostEndOptions(int mtu, int bridge) {
    LinkOptions options = LinkOptions.none().withMtu(mtu).withMaster(bridge).withUp();
    return plumbing.hasIpv6() ? options.withoutIpv6Addresses() : options;
  }

  /**
   * Creates the veth, its host end named {@code veth} and 11 hex digits of a hash of the
   * sandbox's and the network's ids. Sandbox ids are random and never reused, so neither is
   * the name, even while the veth of a removed sandbox lingers; should a device of that name
   * exist all the same (the kernel answers EEXIST and the name is there), the next hash is
   * taken. No lookup is made before the request: the common case is one round trip.
   */
  private static Link addVeth(
      Links hostLinks,
      String seed,
      LinkOptions hostOptions,
      InterfaceName peerName,
      NamespaceHandle peerNamespace,
      LinkOptions peerOptions) {
    for (int attempt = 0; ; attempt++) {
      InterfaceName candidate =
          InterfaceName.of("veth" + sha256(seed + "/" + attempt).substring(0, 11));
      try {
        return hostLinks.add(
            new LinkSpec.Veth(candidate, hostOptions, peerName, peerNamespace, peerOptions));
      } catch (KernelException e) {
        boolean hostNameTaken = e.is("EEXIST") && hostLinks.get(candidate).isPresent();
        if (!hostNameTaken || attempt >= MAX_NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
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
