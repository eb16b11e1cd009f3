package io.netmodel.linux.rtnl;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.NetlinkRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Encodes link requests: {@code struct ifinfomsg} and the {@code IFLA_*} attributes. */
final class LinkRequests {
  private LinkRequests() {}

  /** {@code struct ifinfomsg}: family, pad, type, index, flags, change. */
  static void ifinfomsg(MessageWriter w, int index, int flags, int change) {
    w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
  }

  /** The {@code ifinfomsg} of a creating request: {@code IFF_UP} set and changed if {@code up}. */
  private static void upInfomsg(MessageWriter w, boolean up) {
    int flags = up ? Ifla.IFF_UP : 0;
    ifinfomsg(w, 0, flags, flags);
  }

  /**
   * Whether the link must come up after its IPv6 address generation is set. IPv6 makes a link's
   * addresses when it is up and has a carrier; a new veth has none until its peer comes up (which
   * cannot be in the creating request: Linux answers {@code ENOTCONN}), so it may come up in the
   * creation, as bridge ports are best added (up before enslaved); any other kind may have a
   * carrier at once (a macvlan on an up parent).
   */
  static boolean upAfterCreate(LinkSpec spec) {
    return spec.options().noIpv6Addresses() && !(spec instanceof LinkSpec.Veth);
  }

  /**
   * What follows a creating request for options it cannot carry, by the new link's name: IPv6
   * address generation off ({@code IFLA_AF_SPEC} / {@code AF_INET6} / {@code
   * IFLA_INET6_ADDR_GEN_MODE} = none; the kernel applies {@code IFLA_AF_SPEC} to existing links
   * only), then up where it could not be in the creation ({@link #upAfterCreate}). Empty when
   * there is nothing to add.
   */
  static List<NetlinkRequest> afterCreate(LinkSpec spec) {
    LinkOptions options = spec.options();
    if (!options.noIpv6Addresses()) {
      return List.of();
    }
    String name = spec.name().toString();
    List<NetlinkRequest> requests = new ArrayList<>();
    requests.add(
        NetlinkRequest.of(
            "RTM_NEWLINK", name + " addrgenmode none", Rtnl.RTM_NEWLINK, 0,
            w -> {
              ifinfomsg(w, 0, 0, 0);
              w.attrString(Ifla.IFLA_IFNAME, name);
              int af = w.beginNested(Ifla.IFLA_AF_SPEC);
              int inet6 = w.beginNested(Rtnl.AF_INET6);
              w.attrU8(Ifla.IFLA_INET6_ADDR_GEN_MODE, Ifla.IN6_ADDR_GEN_MODE_NONE);
              w.endNested(inet6);
              w.endNested(af);
            }));
    if (options.up() && upAfterCreate(spec)) {
      requests.add(
          NetlinkRequest.of(
              "RTM_NEWLINK", name + " up", Rtnl.RTM_NEWLINK, 0,
              w -> {
                ifinfomsg(w, 0, Ifla.IFF_UP, Ifla.IFF_UP);
                w.attrString(Ifla.IFLA_IFNAME, name);
              }));
    }
    return requests;
  }

  /** MTU, MAC, master and group of a creating request. */
  static void options(MessageWriter w, LinkOptions options) {
    options.mtu().ifPresent(mtu -> w.attrU32(Ifla.IFLA_MTU, mtu));
    options.macAddress().ifPresent(mac -> w.attrBytes(Ifla.IFLA_ADDRESS, Macs.bytes(mac)));
    options.master().ifPresent(master -> w.attrU32(Ifla.IFLA_MASTER, master));
    options.group().ifPresent(group -> w.attrU32(Ifla.IFLA_GROUP, group));
  }

  /**
   * The body of the {@code RTM_NEWLINK} that creates {@code spec}; with {@code targetFd} >= 0
   * the link is created in that namespace ({@code IFLA_NET_NS_FD}).
   */
  static void create(MessageWriter w, LinkSpec spec, NamespaceFds fds, int targetFd) {
    // Up in the creation unless it must wait for the IPv6 address generation (afterCreate).
    upInfomsg(w, spec.options().up() && !upAfterCreate(spec));
    w.attrString(Ifla.IFLA_IFNAME, spec.name().toString());
    options(w, spec.options());
    if (targetFd >= 0) {
      w.attrU32(Ifla.IFLA_NET_NS_FD, targetFd);
    }
    int parent = parentOf(spec);
    if (parent > 0) {
      w.attrU32(Ifla.IFLA_LINK, parent);
    }
    if (spec instanceof LinkSpec.Veth) {
      oneQueueEachWay(w);
    }
    int info = w.beginNested(Ifla.IFLA_LINKINFO);
    w.attrString(Ifla.IFLA_INFO_KIND, spec.kind().kernelKind());
    if (spec instanceof LinkSpec.Veth) {
      LinkSpec.Veth veth = (LinkSpec.Veth) spec;
      int data = w.beginNested(Ifla.IFLA_INFO_DATA);
      int peer = w.beginNested(Ifla.VETH_INFO_PEER);
      upInfomsg(w, veth.peerOptions().up());
      w.attrString(Ifla.IFLA_IFNAME, veth.peerName().toString());
      w.attrU32(Ifla.IFLA_NET_NS_FD, fds.fdOf(veth.peerNamespace()));
      options(w, veth.peerOptions());
      oneQueueEachWay(w);
      w.endNested(peer);
      w.endNested(data);
    } else if (spec instanceof LinkSpec.Macvlan) {
      int data = w.beginNested(Ifla.IFLA_INFO_DATA);
      w.attrU32(Ifla.IFLA_MACVLAN_MODE, ((LinkSpec.Macvlan) spec).mode().value());
      w.endNested(data);
    } else if (spec instanceof LinkSpec.Ipvlan) {
      LinkSpec.Ipvlan ipvlan = (LinkSpec.Ipvlan) spec;
      int data = w.beginNested(Ifla.IFLA_INFO_DATA);
      w.attrU16(Ifla.IFLA_IPVLAN_MODE, ipvlan.mode().value());
      w.attrU16(Ifla.IFLA_IPVLAN_FLAGS, ipvlan.flag().value());
      w.endNested(data);
    } else if (spec instanceof LinkSpec.Vlan) {
      int data = w.beginNested(Ifla.IFLA_INFO_DATA);
      w.attrU16(Ifla.IFLA_VLAN_ID, ((LinkSpec.Vlan) spec).vlanId());
      w.endNested(data);
    } else if (spec instanceof LinkSpec.Vxlan) {
      LinkSpec.Vxlan vxlan = (LinkSpec.Vxlan) spec;
      int data = w.beginNested(Ifla.IFLA_INFO_DATA);
      w.attrU32(Ifla.IFLA_VXLAN_ID, vxlan.vni());
      w.attrBe16(Ifla.IFLA_VXLAN_PORT, vxlan.port());
      w.attrU8(Ifla.IFLA_VXLAN_LEARNING, vxlan.learning() ? 1 : 0);
      vxlan.local().ifPresent(local -> w.attrBytes(localType(local), local.getAddress()));
      vxlan.underlay().ifPresent(index -> w.attrU32(Ifla.IFLA_VXLAN_LINK, index));
      w.endNested(data);
    }
    w.endNested(info);
  }

  /**
   * One transmit and one receive queue, asked for in a veth end's creation. Linux allocates a
   * veth one queue per possible CPU and, unless the request names a count, cuts the queues in
   * use to one once the device is registered ({@code veth_init_queues}), and cutting transmit
   * queues of a registered device waits for an RCU grace period under the RTNL lock ({@code
   * netif_set_real_num_tx_queues}: {@code synchronize_net}), expedited, an interrupt to every
   * CPU. Asking for one queue each way gives the same queues in use without the wait: on 2 vCPUs
   * the veth's creation took half the time (BENCHMARKS.md).
   */
  static void oneQueueEachWay(MessageWriter w) {
    w.attrU32(Ifla.IFLA_NUM_TX_QUEUES, 1);
    w.attrU32(Ifla.IFLA_NUM_RX_QUEUES, 1);
  }

  /** Describes the link being created, for error messages. */
  static String describe(LinkSpec spec) {
    String name = spec.name().toString();
    if (spec instanceof LinkSpec.Veth) {
      LinkSpec.Veth veth = (LinkSpec.Veth) spec;
      return name + " (peer " + veth.peerName() + " in " + describe(veth.peerNamespace()) + ")";
    }
    int parent = parentOf(spec);
    String kind = spec.kind().kernelKind();
    return parent > 0 ? name + " (" + kind + " on link " + parent + ")" : name + " (" + kind + ")";
  }

  /** "ns web", "ns /proc/42/ns/net" or "ns 4:4026532281". */
  static String describe(NamespaceHandle ns) {
    return "ns "
        + ns.name().or(() -> ns.path().map(Object::toString)).orElseGet(() -> ns.id().toString());
  }

  private static int parentOf(LinkSpec spec) {
    if (spec instanceof LinkSpec.Macvlan) {
      return ((LinkSpec.Macvlan) spec).parent();
    }
    if (spec instanceof LinkSpec.Ipvlan) {
      return ((LinkSpec.Ipvlan) spec).parent();
    }
    if (spec instanceof LinkSpec.Vlan) {
      return ((LinkSpec.Vlan) spec).parent();
    }
    return 0;
  }

  private static int localType(InetAddress local) {
    return local instanceof Inet4Address ? Ifla.IFLA_VXLAN_LOCAL : Ifla.IFLA_VXLAN_LOCAL6;
  }
}
