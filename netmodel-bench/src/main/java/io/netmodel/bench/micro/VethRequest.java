package io.netmodel.bench.micro;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkRequest;
import io.netmodel.linux.rtnl.Ifla;
import io.netmodel.linux.rtnl.Rtnl;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code RTM_NEWLINK} that creates a veth pair with its peer already named and, when
 * {@code peerNamespaceFd} is present, already in another namespace ({@code IFLA_NET_NS_FD}
 * inside {@code VETH_INFO_PEER}), as netmodel-linux's bridge attach sends it: the message
 * the encoding benchmark writes, and the one the dump benchmark's setup creates its links
 * with.
 *
 * <pre>{@code
 * VethRequest veth = VethRequest.of("veth1a2b", "eth0").withMaster(3).withPeerNamespaceFd(fd);
 * client.execute(veth.request());
 * }</pre>
 *
 * @param name the host end's name ({@code IFLA_IFNAME})
 * @param peerName the peer's name ({@code IFLA_IFNAME} inside {@code VETH_INFO_PEER})
 * @param master the bridge the host end is put on ({@code IFLA_MASTER}), if any
 * @param peerNamespaceFd the descriptor of the peer's namespace, if not this one
 */
record VethRequest(
    InterfaceName name, InterfaceName peerName, OptionalInt master, OptionalInt peerNamespaceFd) {
  VethRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(peerName, "peerName");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(peerNamespaceFd, "peerNamespaceFd");
    if (master.isPresent() && master.getAsInt() <= 0) {
      throw new IllegalArgumentException(
          "master must be a positive link index: " + master.getAsInt());
    }
    if (peerNamespaceFd.isPresent() && peerNamespaceFd.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "peer namespace descriptor must not be negative: " + peerNamespaceFd.getAsInt());
    }
  }

  /** A veth {@code name} whose peer {@code peerName} is in the same namespace, no master. */
  static VethRequest of(String name, String peerName) {
    return new VethRequest(
        InterfaceName.of(name), InterfaceName.of(peerName), OptionalInt.empty(),
        OptionalInt.empty());
  }

  /** This request with the host end put on bridge {@code index}. */
  VethRequest withMaster(int index) {
    return new VethRequest(name, peerName, OptionalInt.of(index), peerNamespaceFd);
  }

  /** This request with the peer created in the namespace of descriptor {@code fd}. */
  VethRequest withPeerNamespaceFd(int fd) {
    return new VethRequest(name, peerName, master, OptionalInt.of(fd));
  }

  /** The request for {@link io.netmodel.linux.netlink.NetlinkClient}: create, fail if it exists. */
  NetlinkRequest request() {
    return NetlinkRequest.of(
        "RTM_NEWLINK",
        name + " (veth, peer " + peerName + ")",
        Rtnl.RTM_NEWLINK,
        Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
        this::writeBody);
  }

  /**
   * Writes the whole message, header included, as {@link
   * io.netmodel.linux.netlink.NetlinkClient} frames it (request, ack, create, exclusive).
   */
  void writeMessage(MessageWriter w, int seq) {
    w.begin(
        Rtnl.RTM_NEWLINK,
        Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
        seq,
        0);
    writeBody(w);
    w.end();
  }

  /** {@code struct ifinfomsg} and the attributes, after the netlink header. */
  void writeBody(MessageWriter w) {
    ifinfomsg(w);
    w.attrString(Ifla.IFLA_IFNAME, name.value());
    master.ifPresent(index -> w.attrU32(Ifla.IFLA_MASTER, index));
    int linkInfo = w.beginNested(Ifla.IFLA_LINKINFO);
    w.attrString(Ifla.IFLA_INFO_KIND, "veth");
    int data = w.beginNested(Ifla.IFLA_INFO_DATA);
    int peer = w.beginNested(Ifla.VETH_INFO_PEER);
    ifinfomsg(w);
    w.attrString(Ifla.IFLA_IFNAME, peerName.value());
    peerNamespaceFd.ifPresent(fd -> w.attrU32(Ifla.IFLA_NET_NS_FD, fd));
    w.endNested(peer);
    w.endNested(data);
    w.endNested(linkInfo);
  }

  /** {@code struct ifinfomsg} (linux/rtnetlink.h): family, pad, type, index, flags, change. */
  private static void ifinfomsg(MessageWriter w) {
    w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
  }
}
