package io.netmodel.core.engine;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanMode;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.api.network.ParentInterface;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The macvlan and ipvlan drivers: each endpoint is a device on the network's parent, created
 * directly inside the sandbox under its final name, in one request.
 *
 * <p>The parent is an existing interface of the host namespace; a parent {@code NAME.VID}
 * that does not exist is created as an 802.1q sub-interface of {@code NAME} and deleted with
 * the network that created it (and only then); without a parent a dummy device is made and
 * the network is internal, as Docker does. Macvlan endpoints have a MAC of their own
 * (asked for, or random and locally administered); ipvlan endpoints share the parent's. In
 * ipvlan l3 and l3s the default route is a device route without a gateway. A kernel lacking
 * a driver the network needs is refused when the network is created, naming the driver.
 *
 * <p>As with every macvlan, the host cannot reach the sandboxes through the parent itself
 * (the parent does not see its macvlans' traffic), and a sandbox cannot reach the host's
 * addresses on the parent.
 */
final class MacvlanDriver implements NetworkDriver {
  private final Plumbing plumbing;
  private final Kernel kernel;
  private final RandomGenerator random;

  MacvlanDriver(Plumbing plumbing, RandomGenerator random) {
    this.plumbing = plumbing;
    this.kernel = plumbing.kernel();
    this.random = random;
  }

  // ---- networks -------------------------------------------------------------------------

  @Override
  public NetworkSpec complete(NetworkSpec spec, String id, List<NetworkRecord> others) {
    boolean macvlan = spec instanceof MacvlanNetworkSpec;
    Optional<ParentInterface> parent =
        macvlan ? ((MacvlanNetworkSpec) spec).parent() : ((IpvlanNetworkSpec) spec).parent();
    requireFeature(macvlan ? KernelFeature.MACVLAN : KernelFeature.IPVLAN, spec);
    Links host = kernel.links(plumbing.host());
    if (parent.isEmpty()) {
      requireFeature(KernelFeature.DUMMY, spec);
    } else if (host.get(parent.get().name()).isEmpty()) {
      if (parent.get().vlanId().isEmpty()) {
        throw new NotFoundException("interface", parent.get().name().toString());
      }
      if (host.get(parent.get().base()).isEmpty()) {
        throw new NotFoundException("interface", parent.get().base().toString());
      }
      requireFeature(KernelFeature.VLAN, spec);
    }
    Optional<IpamConfig> ipv4 = macvlan ? ((MacvlanNetworkSpec) spec).ipv4() : ((IpvlanNetworkSpec) spec).ipv4();
    Optional<IpamConfig> ipv6 = macvlan ? ((MacvlanNetworkSpec) spec).ipv6() : ((IpvlanNetworkSpec) spec).ipv6();
    List<IpamConfig> asking = new ArrayList<>();
    ipv4.ifPresent(asking::add);
    ipv6.ifPresent(asking::add);
    IpamConfig v4 = plumbing.ipv4Subnet(ipv4, asking, others);
    Optional<IpamConfig> v6 = ipv6.map(c -> c.withGateway(c.effectiveGateway()));
    if (macvlan) {
      MacvlanNetworkSpec m = (MacvlanNetworkSpec) spec;
      return new MacvlanNetworkSpec(
          m.name(), m.parent(), m.mode(), Optional.of(v4), v6, m.mtu(), m.internal());
    }
    IpvlanNetworkSpec i = (IpvlanNetworkSpec) spec;
    return new IpvlanNetworkSpec(
        i.name(), i.parent(), i.mode(), i.flag(), Optional.of(v4), v6, i.internal());
  }

  private void requireFeature(KernelFeature feature, NetworkSpec spec) {
    if (!kernel.features().contains(feature)) {
      throw new UnsupportedOperationException(
          "this kernel has no " + feature.kernelName() + " driver, which " + spec.driver()
              + " network " + spec.name() + " needs"
              + (feature == KernelFeature.DUMMY ? " (for its parent: none was given)" : "")
              + (feature == KernelFeature.VLAN ? " (for its VLAN parent)" : ""));
    }
  }

  @Override
  public Optional<InterfaceName> create(NetworkRecord network) {
    Optional<ParentInterface> parent = parentOf(network.spec());
    Links host = kernel.links(plumbing.host());
    LinkSpec device;
    if (parent.isEmpty()) {
      device = new LinkSpec.Dummy(dummyName(network), LinkOptions.none());
    } else if (host.get(parent.get().name()).isPresent()) {
      return Optional.empty();
    } else {
      Link base =
          host.get(parent.get().base())
              .orElseThrow(
                  () -> new NotFoundException("interface", parent.get().base().toString()));
      device =
          new LinkSpec.Vlan(
              parent.get().name(), LinkOptions.none(), base.index(), parent.get().vlanId().get());
    }
    Link made = host.add(device);
    try {
      host.change(made.index(), LinkChange.setUp());
    } catch (RuntimeException e) {
      try {
        host.delete(made.index());
      } catch (RuntimeException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    }
    return Optional.of(device.name());
  }

  @Override
  public void remove(NetworkRecord network) {
    if (network.createdDevice().isPresent()) {
      Links host = kernel.links(plumbing.host());
      host.get(network.createdDevice().get()).ifPresent(l -> host.delete(l.index()));
    }
  }

  // ---- endpoints ------------------------------------------------------------------------

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
    NetworkSpec spec = network.spec();
    boolean macvlan = spec instanceof MacvlanNetworkSpec;
    if (!macvlan && options.macAddress().isPresent()) {
      throw new IllegalArgumentException(
          "an ipvlan endpoint shares its parent's MAC address; --mac-address "
              + options.macAddress().get() + " cannot be given on network " + network.name());
    }
    InterfaceName parentName =
        parentOf(spec).map(ParentInterface::name).or(network::createdDevice).orElseThrow();
    Links host = kernel.links(plumbing.host());
    Link parent =
        host.get(parentName)
            .orElseThrow(() -> new NotFoundException("interface", parentName.toString()));
    Rollback rollback = new Rollback();
    try {
      Plumbing.Addresses addresses = plumbing.allocate(network, options, owner, rollback);
      DefaultRoutes withDefaultRoute =
          spec.internal()
              ? DefaultRoutes.NONE
              : defaultRoute.servable(addresses.ipv4(), addresses.ipv6());
      LinkSpec device;
      Optional<MacAddress> mac = Optional.empty();
      boolean onLink = false;
      if (macvlan) {
        MacvlanNetworkSpec m = (MacvlanNetworkSpec) spec;
        mac = Optional.of(options.macAddress().orElseGet(() -> MacAddress.randomLocal(random)));
        LinkOptions linkOptions = withMtu(LinkOptions.none().withMacAddress(mac.get()), m.mtu());
        device =
            new LinkSpec.Macvlan(
                interfaceName, linkOptions, parent.index(),
                LinkSpec.MacvlanMode.valueOf(m.mode().name()));
      } else {
        IpvlanNetworkSpec i = (IpvlanNetworkSpec) spec;
        onLink = i.mode() != IpvlanMode.L2;
        device =
            new LinkSpec.Ipvlan(
                interfaceName, LinkOptions.none(), parent.index(),
                LinkSpec.IpvlanMode.valueOf(i.mode().name()),
                LinkSpec.IpvlanFlag.valueOf(i.flag().name()));
      }
      host.addIn(device, ns);
      Links inside = kernel.links(ns);
      rollback.add(() -> inside.get(interfaceName).ifPresent(l -> inside.delete(l.index())));
      Link link = plumbing.interfaceIn(ns, interfaceName, owner);
      List<InetAddress> gateways = onLink ? List.of() : network.gateways();
      EndpointRecord endpoint =
          new EndpointRecord(
              network.name(),
              interfaceName,
              Optional.empty(),
              mac.or(link::macAddress).orElseThrow(),
              addresses.ipv4(),
              addresses.ipv6(),
              gateways,
              withDefaultRoute,
              onLink,
              options.aliases(),
              List.of());
      plumbing.configure(ns, link.index(), endpoint, withDefaultRoute, loopbackUp);
      return Attachment.ready(endpoint);
    } catch (RuntimeException e) {
      rollback.undo(e);
      throw e;
    }
  }

  private static LinkOptions withMtu(LinkOptions options, OptionalInt mtu) {
    return mtu.isPresent() ? options.withMtu(mtu.getAsInt()) : options;
  }

  private static Optional<ParentInterface> parentOf(NetworkSpec spec) {
    if (spec instanceof MacvlanNetworkSpec) {
      return ((MacvlanNetworkSpec) spec).parent();
    }
    return ((IpvlanNetworkSpec) spec).parent();
  }

  /** The dummy parent of a network without one: {@code nmd-} and the id's first 11 digits. */
  private static InterfaceName dummyName(NetworkRecord network) {
    return InterfaceName.of("nmd-" + network.id().substring(0, 11));
  }
}
