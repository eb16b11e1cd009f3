package io.netmodel.testkit.kernel;

import io.netmodel.api.net.MacAddress;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkSpec;
import java.util.Optional;
import java.util.OptionalInt;

/** One device of the fake kernel, mutable under the kernel's lock. */
final class LinkState {
  NetNamespace namespace;
  int index;
  String name;
  final LinkKind kind;
  boolean up;
  int mtu;
  /** For a bridge: whether its MTU was set explicitly (otherwise it follows its ports). */
  boolean mtuSetByUser;
  MacAddress macAddress;
  /** The bridge this link is a port of, if any. */
  LinkState master;
  /**
   * For a bridge port: hairpin mode (the bridge may send a frame back out of the port it came
   * in by). A port starts without it and loses it when it leaves its bridge.
   */
  boolean hairpin;
  /** The other end of a veth pair. */
  LinkState peer;
  /** The lower device of a macvlan, ipvlan or vlan, or the underlay of a vxlan. */
  LinkState parent;
  int group;
  /** Whether IPv6 gave it its automatic address since it last came up. */
  boolean ipv6Configured;
  /** IPv6 address generation mode none: no automatic address when it comes up. */
  boolean noIpv6Addresses;
  /** For a macvlan: its mode (private and vepa keep siblings apart). */
  LinkSpec.MacvlanMode macvlanMode = LinkSpec.MacvlanMode.BRIDGE;
  /** For a vxlan: its VNI and UDP port. */
  int vni;
  int port;

  LinkState(LinkKind kind) {
    this.kind = kind;
  }

  boolean isLoopback() {
    return kind == LinkKind.LOOPBACK;
  }

  /** The link as {@link io.netmodel.core.kernel.Links} reports it. */
  Link toLink() {
    OptionalInt link = OptionalInt.empty();
    if (peer != null) {
      link = OptionalInt.of(peer.index);
    } else if (parent != null && kind != LinkKind.VXLAN) {
      link = OptionalInt.of(parent.index);
    }
    return new Link(
        index,
        name,
        kind.kernelKind().isEmpty() ? Optional.empty() : Optional.of(kind.kernelKind()),
        up,
        mtu,
        Optional.of(macAddress),
        master == null ? OptionalInt.empty() : OptionalInt.of(master.index),
        link,
        group);
  }

  @Override
  public String toString() {
    return name + " (index " + index + " in " + namespace + ")";
  }
}
