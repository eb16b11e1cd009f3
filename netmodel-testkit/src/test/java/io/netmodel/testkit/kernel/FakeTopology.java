package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;

/** Builds the bridges, sandboxes and wires of a reachability test on a fake kernel's host. */
final class FakeTopology {
  private final FakeKernel kernel;
  private final NamespaceHandle host;

  FakeTopology(FakeKernel kernel) {
    this.kernel = kernel;
    this.host = kernel.namespaces().host();
  }

  /** A bridge in the host with {@code gateway} (address/length) on it, up. */
  void bridge(String name, String gateway) {
    Link bridge =
        kernel.links(host).add(new LinkSpec.Bridge(InterfaceName.of(name), LinkOptions.none()));
    kernel.addresses(host).add(AddressEntry.of(bridge.index(), IpPrefix.parse(gateway)));
    kernel.links(host).change(bridge.index(), LinkChange.setUp());
  }

  /** A namespace on {@code bridge} through veth v{name}, its end eth0, default route set. */
  NamespaceHandle sandbox(String name, String bridge, String address, String gateway) {
    NamespaceHandle ns = kernel.namespaces().create(name);
    Link veth = kernel.links(host).add(new LinkSpec.Veth(InterfaceName.of("v" + name),
        LinkOptions.none().withMaster(index(host, bridge)), InterfaceName.of("eth0"), ns,
        LinkOptions.none()));
    kernel.links(host).change(veth.index(), LinkChange.setUp());
    int eth0 = index(ns, "eth0");
    kernel.addresses(ns).add(AddressEntry.of(eth0, IpPrefix.parse(address)));
    kernel.links(ns).change(eth0, LinkChange.setUp());
    kernel.routes(ns).add(Route.defaultVia(IpAddresses.parse(gateway), eth0));
    return ns;
  }

  /** A veth from the host to {@code ns}, addressed at both ends and up; no routes added. */
  void wire(
      String hostEnd, String hostAddress, String farEnd, String farAddress, NamespaceHandle ns) {
    Link near = kernel.links(host).add(new LinkSpec.Veth(InterfaceName.of(hostEnd),
        LinkOptions.none(), InterfaceName.of(farEnd), ns, LinkOptions.none()));
    kernel.addresses(host).add(AddressEntry.of(near.index(), IpPrefix.parse(hostAddress)));
    kernel.links(host).change(near.index(), LinkChange.setUp());
    kernel.addresses(ns).add(AddressEntry.of(index(ns, farEnd), IpPrefix.parse(farAddress)));
    kernel.links(ns).change(index(ns, farEnd), LinkChange.setUp());
  }

  /** The index of link {@code link} in {@code ns}, which must be there. */
  int index(NamespaceHandle ns, String link) {
    return kernel.links(ns).get(InterfaceName.of(link)).orElseThrow().index();
  }
}
